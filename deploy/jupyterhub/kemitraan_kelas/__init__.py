"""A whole class on one JupyterHub (``make kelas``): the code behind deploy/jupyterhub.

Modules (nothing is imported here; import the one you need):

- ``plan``: the class plan (JSON in the class folder), roles, each server's environment;
- ``accounts``: one Unix account per participant and grader (as root);
- ``layout``: the class folder and who may open what; the course folder for graders only;
- ``class_env``: the Python every account runs (a venv from Debian's python3);
- ``gradebook``: participants and assignments into the gradebook, as a grader;
- ``spawner``: JupyterHub's local process spawner with own accounts and a start queue;
- ``server``: what each server does as its user before JupyterHub's single-user server;
- ``exchange``: nbgrader's collect that refuses submissions filed under another's id;
- ``proxy``: the PyPI proxy without its hidden 10-request limit;
- ``hubconfig``: JupyterHub's settings for a plan; ``processes``: start and stop by pid;
- ``postgres``: a PostgreSQL cluster of our own for two graders; ``cli``: ``make kelas``.
"""

__all__: list[str] = []

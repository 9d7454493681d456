"""The course inside Jupyter: what the JupyterLab server of ``make lab`` / ``make pelatih``
(and the class hub) needs beyond stock Jupyter.

* :mod:`kemitraan_lab.contents`: the contents manager (course files stay clean, answer
  keys hidden from learners);
* :mod:`kemitraan_lab.ruang`: the learner's personal copy of the course, kept up to date
  with nbgitpuller;
* :mod:`kemitraan_lab.terjemahan`: the course's corrected Indonesian catalogues for
  JupyterLab, layered over ``jupyterlab-language-pack-id-ID``;
* :mod:`kemitraan_lab.konfigurasi`: the learner's and the trainer's Jupyter settings.

Nothing here is imported by the notebooks; nothing runs at import time.
"""

__all__: list[str] = []

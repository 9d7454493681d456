"""Helper package for the course "Membangun Jaringan Kemitraan".

Importing the package is cheap: it loads no pandas, matplotlib, networkx or
ipywidgets. Import the submodule you need, e.g.::

    >>> from kemitraan_lib import content
    >>> len(content.COMPETENCIES)
    7
"""

__all__ = ["__version__"]

__version__ = "0.1.0"

"""``python -m kemitraan_lib.book``: build the course book (see :mod:`.build`)."""

import sys

from kemitraan_lib.book.build import main

if __name__ == "__main__":
    sys.exit(main())

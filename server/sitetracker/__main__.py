"""``python -m sitetracker``: the same as the ``sitetracker`` command."""

from sitetracker.entry import main

if __name__ == "__main__":
    main()

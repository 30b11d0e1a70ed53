"""translate-toolkit's storage classes on coursepack's translation files (run by
tests/oracle/translate_toolkit.sh, with the venv's python).

  ttk_storage.py resave IN OUT         parse IN and write it back unchanged, as a tool built on
                                       translate-toolkit saves a file it opened
  ttk_storage.py copy-source IN OUT    fill every target with its source and mark it translated,
                                       tags included (rich text), as a translator's "copy source"
  ttk_storage.py copy-flat IN OUT      the same with the plain text of the source (tags flattened)
  ttk_storage.py pairs FILE            print the (source, target) pairs of FILE as JSON, sorted
  ttk_storage.py count FILE            print the number of units of FILE
"""

import json
import sys

from translate.storage import factory


def units(store):
    return [u for u in store.units if not u.isheader()]


def main(argv):
    command, path = argv[1], argv[2]
    store = factory.getobject(path)
    if command == "count":
        print(len(units(store)))
        return 0
    if command == "pairs":
        pairs = sorted([str(u.source), str(u.target or "")] for u in units(store))
        json.dump(pairs, sys.stdout, ensure_ascii=False, indent=0)
        return 0
    for unit in units(store):
        if command == "copy-source":
            unit.rich_target = unit.rich_source
        elif command == "copy-flat":
            unit.target = str(unit.source)
        elif command != "resave":
            raise SystemExit(f"unknown command {command}")
        if command != "resave":
            unit.markfuzzy(False)
    with open(argv[3], "wb") as out:
        out.write(bytes(store))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Write src/gepmonitor/cli_index.json: the commands each capability adds to `gep`.

`gep` lists a capability's commands (name, help) from this file and imports the capability's
CLI module only when one of them runs or shows its help, so `gep --help` imports none of them.
Run `make cli-index` after adding, renaming or rewording a command: until then
tests/test_start.py fails (and `gep` does not know the new command).
"""

from __future__ import annotations

import json

from gepmonitor import cli


def main() -> None:
    """Write the index of every capability's commands, in the registry's order."""
    modules = [
        f" {json.dumps(module)}: [\n"
        + ",\n".join(f"  {json.dumps(entry, ensure_ascii=False)}" for entry in entries)
        + "\n ]"
        for module, entries in cli.index().items()
    ]  # one command a line, so that a change reads as one line in a diff
    cli.CLI_INDEX.write_text("{\n" + ",\n".join(modules) + "\n}\n", encoding="utf-8")
    print(f"wrote {cli.CLI_INDEX}")


if __name__ == "__main__":
    main()

"""The checks `kzbrief.validation.validate` runs, one module per concern:

- `schema`: the package's descriptor, plus resources a data folder adds;
- `files`: the folder and its files (inside the folder, regular files, UTF-8 CSV, header);
- `cells`: numbers exactly as the loader parses them, control characters, dates;
- `rules`: rules across the fields of a row and across tables;
- `rsf_files`: official RSF files dropped into raw/rsf/;
- `problems`: the one-line `Problem` they all report.
"""

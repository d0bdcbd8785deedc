"""Near-duplicate speeches: texts at least 85 % the same (MinHash over Chinese word
shingles, datasketch), shown to staff as 疑似重复 on save, import and paste, and found
all at once by `manage.py find_near_duplicates`."""

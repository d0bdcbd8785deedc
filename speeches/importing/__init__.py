"""Importing scraped speech pages: decoding and parsing (no database), then writing.

parse_page(text) -> ParsedSpeech is the pure part; writer.save_parsed_speech stores one;
pipeline ties them together for the import_speeches command and the admin's 导入 page.
"""

"""Every number that shapes 延伸阅读, in one place (explained in docs/recommendations.md)."""

# A speech's score for another is the weighted sum of these parts, each in [0, 1].
WEIGHTS = {
    "tags": 0.30,  # shared tags, rarer tags counting more (IDF)
    "text": 0.45,  # cosine of the two speeches' TF-IDF keyword vectors
    "meeting": 0.10,  # given at the same meeting
    "category": 0.10,  # same 栏目 (1) or same parent 栏目 (0.5)
    "fresh": 0.05,  # newer targets win ties: halves every FRESH_HALF_LIFE_DAYS
}
SAME_PARENT_CATEGORY = 0.5
# Shared tags' summed IDF is squashed into [0, 1): one rare tag ~0.7, one common tag ~0.4.
TAG_IDF_SCALE = 6.0
FRESH_HALF_LIFE_DAYS = 365

# How many links a speech shows in all; computed links fill what staff leave free.
LIST_SIZE = 6
# A candidate needs more than freshness to be recommended at all.
MIN_SCORE = 0.02
# Keyword vectors this close are the same text reworded or re-imported: not further reading.
NEAR_DUPLICATE_COSINE = 0.99

# Keywords: how much of a speech is segmented (title, summary and headings come first)
# and how many keywords its vector keeps.
KEYWORD_TEXT_CHARS = 500
KEYWORDS_PER_SPEECH = 20
# jieba's IDF is general Chinese; speeches share boilerplate it rates as rare (群众满意,
# 不断完善). Keyword weights are multiplied by the corpus IDF, and keywords in more than
# this share of speeches (and in more than COMMON_KEYWORD_MIN speeches) are dropped.
COMMON_KEYWORD_SHARE = 0.2
COMMON_KEYWORD_MIN = 10

# Candidate generation: each feature's posting list is cut to its best entries, so a
# speech meets a bounded number of others however large the site grows.
POSTINGS_PER_TAG = 100  # most recent speeches with the tag
POSTINGS_PER_KEYWORD = 50  # speeches where the keyword weighs most
POSTINGS_PER_MEETING = 100  # most recent speeches of the meeting
POSTINGS_PER_CATEGORY = 30  # most recent speeches of the 栏目 (fallback for bare speeches)
# Candidates with the best partial score (from the postings) that get a full score.
CANDIDATES_SCORED = 30

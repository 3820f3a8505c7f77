// Package text is newsdesk's one text analysis: words (Words: lower-cased,
// accent-folded, apostrophes and number separators handled), the Snowball
// (Porter2) English stemmer (Stem), named stop lists (StopList, IndexStop),
// an Analyzer that chains them as its Options say, the sentence segmenter
// for news English (Sentences), and the cleaners of news pages: datelines,
// citation markers, gallery text (IsGallery), newsletter round-up titles
// (IsRoundUp) and derived headlines (Headline). Retrieval indexes and
// queries with an Analyzer of IndexOptions; answer and digest choose their
// own stop list and options.
//
// It depends on the standard library and the Snowball stemmer only, and must
// import nothing of newsdesk.
package text

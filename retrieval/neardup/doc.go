// Package neardup finds near-duplicate texts: versions of one report (a
// story updated, a wire copy reprinted) among distinct ones. A MinHash
// Sketch of a text's word shingles estimates the Jaccard similarity of two
// texts; Group joins the texts above a threshold, finding candidates by LSH
// banding so that the cost grows with the number of texts, not their pairs.
//
// It depends on the standard library only, and must import nothing of
// newsdesk.
package neardup

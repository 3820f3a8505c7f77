// Package text holds the text helpers that retrieval, answer and the digest
// share. This file is a placeholder for the package doc comment, which
// internal/text/doc.go gives in another branch; drop it at the merge.
package text

package neardup

import (
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"
)

// SketchSize is the number of MinHash values in a Sketch.
const SketchSize = 128

// ShingleWords is the number of consecutive words hashed together as one
// shingle of a text.
const ShingleWords = 5

// DefaultThreshold is the estimated Jaccard similarity of word
// shingles above which two articles are taken as versions of one report.
// Measured with 5-word shingles: the two versions of the CNN report in the
// seeds (different intros and endings) have a Jaccard similarity of 0.55,
// the other seed pairs (the same event told by other outlets) at most 0.011.
// On the realtimeqa corpus, pairs between 0.4 and 0.55 are updated versions of
// one page (live stories, newsletters crawled twice); distinct reports of one
// event stay under 0.35.
const DefaultThreshold = 0.4

// Sketch is a MinHash sketch of a text's word shingles (one-permutation
// hashing with densification), from which the Jaccard similarity of two texts
// is estimated. The zero value is not a valid sketch; build one with NewSketch.
type Sketch [SketchSize]uint32

// emptyBin marks a bin no shingle fell into; a sketch of only empty bins is
// the sketch of a text without words.
const emptyBin = ^uint32(0)

// NewSketch returns the sketch of text: lowercased words (letters and
// digits), shingles of ShingleWords words, each hashed once into one of
// SketchSize bins keeping the minimum. A text shorter than a shingle is one
// shingle; a text without words has an empty sketch that is similar to nothing.
func NewSketch(text string) Sketch {
	var s Sketch
	for i := range s {
		s[i] = emptyBin
	}
	var window [ShingleWords]uint64
	n := 0
	add := func() {
		h := uint64(0x9E3779B97F4A7C15)
		for j := 0; j < ShingleWords && j < n; j++ {
			h = (h ^ window[(n-1-j)%ShingleWords]) * 0x100000001B3
		}
		h = mix64(h)
		// The high half picks the bin; the low 31 bits are the value (the top
		// bit is left for densified values).
		bin, v := (h>>32)%SketchSize, uint32(h)&0x7FFFFFFF
		if v < s[bin] {
			s[bin] = v
		}
	}
	forEachWord(text, func(h uint64) {
		window[n%ShingleWords] = h
		n++
		if n >= ShingleWords {
			add()
		}
	})
	if n == 0 {
		return s
	}
	if n < ShingleWords {
		add()
	}
	densify(&s)
	return s
}

// forEachWord calls f with the hash of each lowercased word of text.
func forEachWord(text string, f func(uint64)) {
	h, in := uint64(14695981039346656037), false
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		i += size
		word := r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') ||
			r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
		if !word {
			if in {
				f(h)
				h, in = 14695981039346656037, false
			}
			continue
		}
		if r < utf8.RuneSelf {
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
		} else {
			r = unicode.ToLower(r)
		}
		h = (h ^ uint64(r)) * 1099511628211
		in = true
	}
	if in {
		f(h)
	}
}

// densify fills each empty bin from the nearest filled bin to its right
// (circularly), offset by the distance, so that sparse sketches stay comparable.
func densify(s *Sketch) {
	for i := range s {
		if s[i] != emptyBin {
			continue
		}
		for d := 1; d < SketchSize; d++ {
			if v := s[(i+d)%SketchSize]; v != emptyBin && !isDensified(v) {
				s[i] = mixDistance(v, d)
				break
			}
		}
	}
}

// Densified values have their top bit set and real values have it clear, so
// a value borrowed by densify is never borrowed again.
func isDensified(v uint32) bool { return v&0x80000000 != 0 }

// mixDistance derives the value densify puts in an empty bin from the value
// borrowed and the distance it was borrowed over; never emptyBin.
func mixDistance(v uint32, d int) uint32 {
	return min(uint32(mix64(uint64(v)<<8|uint64(d)))|0x80000000, emptyBin-1)
}

func mix64(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// isEmpty reports whether s is the sketch of a text without words.
// bandKeys appends to keys the sorted keys of band b of every non-empty
// sketch: the band's hash with its low bits (mask) replaced by the index.
func bandKeys(sketches []Sketch, b int, mask uint64, keys []uint64) []uint64 {
	for i := range sketches {
		if sketches[i].isEmpty() {
			continue
		}
		h := uint64(b + 1)
		for _, v := range sketches[i][b*lshRows : (b+1)*lshRows] {
			h = mix64(h ^ uint64(v))
		}
		keys = append(keys, h&^mask|uint64(i))
	}
	if len(keys) < 1<<16 {
		slices.Sort(keys)
		return keys
	}
	return radixSort(keys)
}

// radixSort sorts keys (LSD, 16 bits a pass); faster than a comparison
// sort for the hundreds of thousands of keys of a large corpus.
func radixSort(keys []uint64) []uint64 {
	tmp := make([]uint64, len(keys))
	var count [1 << 16]int
	for shift := 0; shift < 64; shift += 16 {
		clear(count[:])
		for _, k := range keys {
			count[(k>>shift)&0xFFFF]++
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, k := range keys {
			d := (k >> shift) & 0xFFFF
			tmp[count[d]] = k
			count[d]++
		}
		keys, tmp = tmp, keys
	}
	return keys
}

func (s *Sketch) isEmpty() bool { return s[0] == emptyBin }

// Similarity estimates the Jaccard similarity of the shingle sets of the two
// sketched texts, from 0 to 1. An empty sketch is similar to nothing.
func (s *Sketch) Similarity(o *Sketch) float64 {
	if s.isEmpty() || o.isEmpty() {
		return 0
	}
	eq := 0
	for i := range s {
		if s[i] == o[i] {
			eq++
		}
	}
	return float64(eq) / SketchSize
}

// LSH banding: bands of lshRows sketch values; two sketches become candidates
// when one band matches exactly. With 64 bands of 2 rows, pairs at a
// similarity of 0.3 are candidates with probability 0.998, at 0.2 with 0.93,
// at 0.05 with 0.15; candidates are then checked against the threshold.
const (
	lshBands = 64
	lshRows  = SketchSize / lshBands
)

// Group groups the sketched texts whose estimated similarity
// reaches threshold (and, transitively, their near-duplicates) and returns a
// group id per input, numbered from 0 in order of first appearance; texts
// in no group get a group of their own. Candidates are found by LSH banding,
// so the cost grows with the number of texts, not their pairs.
func Group(sketches []Sketch, threshold float64) []int {
	parent := make([]int32, len(sketches))
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(i int32) int32 {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	// Each band's keys are sorted so that equal keys (candidates) are
	// adjacent: a band hash in the high bits, the text's index in the low
	// bits. Bands are keyed and sorted in parallel, joined in order.
	idxBits := bits.Len(uint(len(sketches)))
	mask := uint64(1)<<idxBits - 1
	join := func(keys []uint64) {
		for lo := 0; lo < len(keys); {
			hi := lo + 1
			for hi < len(keys) && keys[hi]&^mask == keys[lo]&^mask {
				hi++
			}
			for j := lo + 1; j < hi; j++ {
				// Compare with a few earlier members: enough to join a run
				// of versions without comparing every pair of a large bucket.
				x := int32(keys[j] & mask)
				for k := lo; k < j && k < lo+8; k++ {
					y := int32(keys[k] & mask)
					a, c := find(x), find(y)
					if a == c {
						break
					}
					if sketches[x].Similarity(&sketches[y]) >= threshold {
						parent[max(a, c)] = min(a, c)
						break
					}
				}
			}
			lo = hi
		}
	}
	workers := max(1, min(runtime.GOMAXPROCS(0), lshBands))
	bufs := make([][]uint64, workers)
	for b0 := 0; b0 < lshBands; b0 += workers {
		n := min(workers, lshBands-b0)
		var wg sync.WaitGroup
		for w := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				bufs[w] = bandKeys(sketches, b0+w, mask, bufs[w][:0])
			}()
		}
		wg.Wait()
		for w := range n {
			join(bufs[w])
		}
	}
	ids := make([]int, len(sketches))
	next := map[int32]int{}
	for i := range sketches {
		r := find(int32(i))
		id, ok := next[r]
		if !ok {
			id = len(next)
			next[r] = id
		}
		ids[i] = id
	}
	return ids
}

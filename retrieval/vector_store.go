package retrieval

// vectorStore holds the passages' vectors by slot, in blocks of contiguous
// memory: one allocation per 4,096 vectors rather than one each. The
// chromem-go documents' embeddings are slices of these blocks (one copy of
// every vector), normalised exactly as chromem-go normalises. It is storage
// only: which slots are live is the Index's passage table's to say, and
// chromem-go answers the queries. It is not safe for concurrent mutation;
// Index guards it.
type vectorStore struct {
	dims   int
	blocks [][]float32 // vectorBlock vectors each
}

// vectorBlock is how many vectors a block holds. Blocks never move, so the
// slices set returns stay valid.
const vectorBlock = 4096

// set stores v as slot's vector (normalised as chromem-go would) and returns
// the stored copy. Slots must be set in increasing order, each once.
func (x *vectorStore) set(slot uint32, v []float32) []float32 {
	if len(v) == 0 {
		return nil
	}
	if x.dims == 0 {
		x.dims = len(v)
	}
	if len(v) != x.dims {
		return nil // a vector of another size: never found
	}
	dst := x.reserve(slot, x.dims)
	if !isUnit(v) {
		v = unitVector(v)
	}
	if &dst[0] != &v[0] { // else decoded in place
		copy(dst, v)
	}
	return dst
}

// reserve returns the storage of slot's vector, for a decoder to fill before
// set is called with it (set then does not copy). It returns nil when dims
// is not the index's size.
func (x *vectorStore) reserve(slot uint32, dims int) []float32 {
	if x.dims == 0 {
		x.dims = dims
	}
	if dims != x.dims || dims == 0 {
		return nil
	}
	b, off := int(slot)/vectorBlock, int(slot)%vectorBlock*x.dims
	for b >= len(x.blocks) {
		x.blocks = append(x.blocks, make([]float32, vectorBlock*x.dims))
	}
	return x.blocks[b][off : off+x.dims : off+x.dims]
}

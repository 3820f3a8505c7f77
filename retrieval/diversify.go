package retrieval

// placedPassage is a passage placed in the results, with its article's
// near-duplicate group.
type placedPassage struct {
	s     scored
	group int
}

// diversifyOrder returns the first k of ranked: the best passage of each
// article in rank order, except that another version of a report already
// listed (an article of the same near-duplicate group) waits until gap other
// results follow that report's first; then the articles' further passages.
// article gives a passage's article, group an article's group.
func diversifyOrder(ranked []scored, k, gap int, article func(uint32) int32, group func(int32) int) []placedPassage {
	out := make([]placedPassage, 0, k)
	firstAt := make(map[int]int, k) // group → index in out of its first result
	listed := make(map[int32]bool, k)
	type version struct {
		s         scored
		group, at int
	}
	var waiting []version
	var further []scored
	emit := func(s scored, g int) {
		if _, ok := firstAt[g]; !ok {
			firstAt[g] = len(out)
		}
		out = append(out, placedPassage{s, g})
	}
	release := func(all bool) {
		for i := 0; i < len(waiting) && len(out) < k; {
			if v := waiting[i]; all || v.at <= len(out) {
				emit(v.s, v.group)
				waiting = append(waiting[:i], waiting[i+1:]...)
				i = 0
				continue
			}
			i++
		}
	}
	for _, s := range ranked {
		release(false)
		if len(out) == k {
			return out
		}
		aslot := article(s.slot)
		g := group(aslot)
		switch first, ok := firstAt[g]; {
		case listed[aslot]:
			further = append(further, s)
		case ok:
			listed[aslot] = true
			waiting = append(waiting, version{s, g, first + 1 + gap})
		default:
			listed[aslot] = true
			emit(s, g)
		}
	}
	release(true)
	for _, s := range further {
		if len(out) == k {
			break
		}
		emit(s, group(article(s.slot)))
	}
	return out
}

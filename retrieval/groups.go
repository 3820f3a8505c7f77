package retrieval

import (
	"newsdesk/retrieval/neardup"
)

// The near-duplicate groups (see Result.Group) are computed for the whole
// index by neardup.Group, whose cost grows with the index. A change of a few
// articles (a feed's new items, one edited file) groups them incrementally
// instead: each new article is compared with every other, and joins (or
// merges) the groups of those it is a near-duplicate of. A removal from a
// group of several, or more than incrementalMax new articles, regroups the
// whole index.

// incrementalMax is the most new articles grouped incrementally; comparing
// one with every article of a 1.1M-passage index takes about 20ms.
const incrementalMax = 16

// regroup recomputes the near-duplicate groups of the live articles.
// The caller holds ix.mu for writing (or owns the index exclusively).
func (ix *Index) regroup() {
	slots := make([]int, 0, len(ix.byID))
	sketches := make([]neardup.Sketch, 0, len(ix.byID))
	for slot, a := range ix.articles {
		if a != nil {
			slots = append(slots, slot)
			sketches = append(sketches, a.sketch)
		}
	}
	g := neardup.Group(sketches, neardup.DefaultThreshold)
	// A group is named by the smallest article slot in it, so names are stable.
	name := make(map[int]int)
	for i, gid := range g {
		if n, ok := name[gid]; !ok || slots[i] < n {
			name[gid] = slots[i]
		}
	}
	groups := make([]int, len(ix.articles))
	for i, gid := range g {
		groups[slots[i]] = name[gid]
	}
	ix.setGroups(groups)
}

// setGroups takes groups (by article slot, each named by its smallest slot)
// as the index's, fresh.
func (ix *Index) setGroups(groups []int) {
	ix.groups, ix.groupsFresh = groups, true
	ix.newSlots, ix.groupsBroken = nil, false
	ix.shared = make(map[int]int)
	for slot, g := range groups {
		if slot < len(ix.articles) && ix.articles[slot] != nil && g != slot {
			ix.shared[g]++
		}
	}
	for g := range ix.shared {
		ix.shared[g]++ // the group's first article
	}
}

// inSharedGroup reports whether the article in slot shares its group.
func (ix *Index) inSharedGroup(slot int) bool {
	return slot < len(ix.groups) && ix.shared[ix.groups[slot]] > 1
}

// updateGroups brings the groups up to date after a change: incrementally
// when only a few articles were added (see above), else by regroup. The
// caller holds ix.mu for writing.
func (ix *Index) updateGroups() {
	if ix.groupsFresh {
		return
	}
	n := len(ix.newSlots)
	if ix.groupsBroken || n > incrementalMax || len(ix.groups)+n != len(ix.articles) ||
		(n > 0 && ix.newSlots[0] != len(ix.groups)) {
		ix.regroup()
		return
	}
	for _, x := range ix.newSlots {
		ix.groupNew(x)
	}
	ix.newSlots, ix.groupsFresh = nil, true
}

// groupNew groups the article in slot x, the next slot past ix.groups.
func (ix *Index) groupNew(x int) {
	ix.groups = append(ix.groups, x)
	a := ix.articles[x]
	if a == nil {
		return
	}
	joined := map[int]bool{}
	for y, b := range ix.articles[:x] {
		if b != nil && !joined[ix.groups[y]] && a.sketch.Similarity(&b.sketch) >= neardup.DefaultThreshold {
			joined[ix.groups[y]] = true
		}
	}
	if len(joined) == 0 {
		return
	}
	name := x
	for g := range joined {
		name = min(name, g)
	}
	if len(joined) > 1 { // x joins groups that were apart: they become one
		for y := range ix.groups[:x] {
			if g := ix.groups[y]; g != name && joined[g] {
				ix.groups[y] = name
			}
		}
	}
	ix.groups[x] = name
	size := 1
	for g := range joined {
		size += max(ix.shared[g], 1)
		delete(ix.shared, g)
	}
	ix.shared[name] = size
}

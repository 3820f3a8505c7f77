package answer

import (
	"slices"
	"strings"
)

// placeClass is a closed class of places a question may ask for.
type placeClass int

const (
	placeNone placeClass = iota
	placeCountry
	placeState // a US state
	placeContinent
)

// closedClass returns the class the focus words name, if any.
func closedClass(focus []word) placeClass {
	for i := range focus {
		switch focus[i].norm {
		case "country", "countries", "nation", "nations":
			return placeCountry
		case "state", "states":
			return placeState
		case "continent", "continents":
			return placeContinent
		}
	}
	return placeNone
}

// placeNames are the names of each closed class, lower case; names of
// several words are written with single spaces.
var placeNames = map[placeClass]map[string]bool{
	placeContinent: setOf("africa", "antarctica", "asia", "australia", "europe", "north america", "south america", "oceania"),
	placeState: setOf("alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut",
		"delaware", "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky",
		"louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri",
		"montana", "nebraska", "nevada", "new hampshire", "new jersey", "new mexico", "new york", "north carolina",
		"north dakota", "ohio", "oklahoma", "oregon", "pennsylvania", "rhode island", "south carolina",
		"south dakota", "tennessee", "texas", "utah", "vermont", "virginia", "washington", "west virginia",
		"wisconsin", "wyoming"),
	placeCountry: setOf("afghanistan", "albania", "algeria", "andorra", "angola", "argentina", "armenia",
		"australia", "austria", "azerbaijan", "bahamas", "bahrain", "bangladesh", "barbados", "belarus", "belgium",
		"belize", "benin", "bhutan", "bolivia", "bosnia", "botswana", "brazil", "brunei", "bulgaria", "burkina faso",
		"burundi", "cambodia", "cameroon", "canada", "chad", "chile", "china", "colombia", "congo", "costa rica",
		"croatia", "cuba", "cyprus", "czech republic", "denmark", "djibouti", "dominica", "dominican republic",
		"ecuador", "egypt", "el salvador", "eritrea", "estonia", "eswatini", "ethiopia", "fiji", "finland", "france",
		"gabon", "gambia", "georgia", "germany", "ghana", "greece", "grenada", "guatemala", "guinea", "guyana",
		"haiti", "honduras", "hungary", "iceland", "india", "indonesia", "iran", "iraq", "ireland", "israel", "italy",
		"ivory coast", "jamaica", "japan", "jordan", "kazakhstan", "kenya", "kiribati", "kosovo", "kuwait",
		"kyrgyzstan", "laos", "latvia", "lebanon", "lesotho", "liberia", "libya", "liechtenstein", "lithuania",
		"luxembourg", "madagascar", "malawi", "malaysia", "maldives", "mali", "malta", "mauritania", "mauritius",
		"mexico", "moldova", "monaco", "mongolia", "montenegro", "morocco", "mozambique", "myanmar", "namibia",
		"nauru", "nepal", "netherlands", "new zealand", "nicaragua", "niger", "nigeria", "north korea",
		"north macedonia", "norway", "oman", "pakistan", "palau", "panama", "papua new guinea", "paraguay", "peru",
		"philippines", "poland", "portugal", "qatar", "romania", "russia", "rwanda", "samoa", "san marino",
		"saudi arabia", "senegal", "serbia", "seychelles", "sierra leone", "singapore", "slovakia", "slovenia",
		"somalia", "south africa", "south korea", "south sudan", "spain", "sri lanka", "sudan", "suriname", "sweden",
		"switzerland", "syria", "taiwan", "tajikistan", "tanzania", "thailand", "togo", "tonga", "trinidad",
		"tunisia", "turkey", "turkmenistan", "tuvalu", "uganda", "ukraine", "united arab emirates",
		"united kingdom", "united states", "uruguay", "uzbekistan", "vanuatu", "venezuela", "vietnam", "yemen",
		"zambia", "zimbabwe", "uk", "us", "usa", "britain", "great britain", "england", "scotland", "wales",
		"palestine", "gaza", "vatican"),
}

// demonymOf reports whether norm is the people's adjective of one of
// names: "chinese" of China, "european" of Europe, "israeli" of Israel.
func demonymOf(names map[string]bool, norm string) bool {
	for _, cut := range []int{1, 2, 3, 4} {
		if cut >= len(norm)-2 {
			break
		}
		base := norm[:len(norm)-cut]
		for _, b := range []string{base, base + "a", base + "e"} {
			if names[b] && isDemonym(b, norm) {
				return true
			}
		}
	}
	return false
}

// placesIn returns the names of class c that words hold, as runs of words
// ("Sri Lanka", "the Philippines"), with their word index ranges.
func placesIn(c placeClass, words []word) []span {
	names := placeNames[c]
	var out []span
	for i := 0; i < len(words); i++ {
		if !words[i].capital {
			continue
		}
		for n := min(4, len(words)-i); n >= 1; n-- {
			parts := make([]string, n)
			for k := range n {
				parts[k] = words[i+k].norm
			}
			if names[strings.Join(parts, " ")] || (n == 1 && demonymOf(names, parts[0])) {
				out = append(out, span{from: i, to: i + n})
				i += n - 1
				break
			}
		}
	}
	return out
}

// ambiguousStates name a US state and, as often, something else:
// "Washington" is also the US government, "Georgia" a country.
var ambiguousStates = setOf("washington", "georgia")

// statesIn returns the US states that words name as places (not as the
// end of a longer name: "Lake Michigan"), lower case, each once.
func statesIn(words []word) []string {
	var out []string
	for _, sp := range placesIn(placeState, words) {
		if sp.from > 0 && words[sp.from-1].capital && !isStop(&words[sp.from-1]) {
			continue
		}
		parts := make([]string, 0, sp.to-sp.from)
		for k := sp.from; k < sp.to; k++ {
			parts = append(parts, words[k].norm)
		}
		if name := strings.Join(parts, " "); placeNames[placeState][name] && !ambiguousStates[name] && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// otherState reports whether words name US states, none of them one the
// question names: "Fetterman won the Senate race in Pennsylvania" does not
// say who won New Hampshire's. It is false when the question names no
// state or asks for one. Only states: countries are named together too
// often (a war's sides, a summit's guests) for a sentence naming one and
// not another to be about something else.
func (an *analysis) otherState(words []word) bool {
	if len(an.states) == 0 {
		return false
	}
	named := statesIn(words)
	return len(named) > 0 && !slices.ContainsFunc(named, func(p string) bool { return slices.Contains(an.states, p) })
}

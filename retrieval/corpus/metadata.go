package corpus

import (
	"net/url"
	"strings"
)

// outletNames maps the lowercased ways an outlet is written (names, short
// forms, copyright holders) to its canonical name.
var outletNames = map[string]string{
	"cnn": "CNN", "cnn wire": "CNN", "cnn business": "CNN", "cnn politics": "CNN", "cnnpolitics": "CNN",
	"cnn health": "CNN", "cnn travel": "CNN", "cnn style": "CNN", "cnn sport": "CNN", "cnn underscored": "CNN",
	"usa today": "USA Today", "usatoday": "USA Today",
	"the new york times": "The New York Times", "new york times": "The New York Times", "nyt": "The New York Times",
	"the washington post": "The Washington Post", "washington post": "The Washington Post",
	"abc news": "ABC News", "abc": "ABC News", "abc audio": "ABC News", "abc news radio": "ABC News",
	"bbc": "BBC News", "bbc news": "BBC News",
	"reuters": "Reuters", "thomson reuters": "Reuters",
	"ap": "AP", "the associated press": "AP", "associated press": "AP",
	"the guardian": "The Guardian", "guardian": "The Guardian",
	"fox news": "Fox News", "nbc news": "NBC News", "cbs news": "CBS News", "npr": "NPR",
	"politico": "Politico", "axios": "Axios", "bloomberg": "Bloomberg", "bloomberg news": "Bloomberg",
	"the wall street journal": "The Wall Street Journal", "wall street journal": "The Wall Street Journal",
	"wsj": "The Wall Street Journal", "los angeles times": "Los Angeles Times", "the los angeles times": "Los Angeles Times",
	"cnbc": "CNBC", "al jazeera": "Al Jazeera", "the hill": "The Hill", "the atlantic": "The Atlantic",
	"the week": "The Week", "afp": "AFP", "agence france-presse": "AFP", "time": "Time",
	"the independent": "The Independent", "financial times": "Financial Times", "the financial times": "Financial Times",
}

// outletDomains maps registered news domains to their outlet.
var outletDomains = map[string]string{
	"cnn.com": "CNN", "usatoday.com": "USA Today", "nytimes.com": "The New York Times",
	"washingtonpost.com": "The Washington Post", "abcnews.go.com": "ABC News", "abcnews.com": "ABC News",
	"bbc.co.uk": "BBC News", "bbc.com": "BBC News", "reuters.com": "Reuters", "apnews.com": "AP",
	"theguardian.com": "The Guardian", "foxnews.com": "Fox News", "nbcnews.com": "NBC News",
	"cbsnews.com": "CBS News", "npr.org": "NPR", "politico.com": "Politico", "axios.com": "Axios",
	"bloomberg.com": "Bloomberg", "wsj.com": "The Wall Street Journal", "latimes.com": "Los Angeles Times",
	"cnbc.com": "CNBC", "aljazeera.com": "Al Jazeera", "thehill.com": "The Hill", "theatlantic.com": "The Atlantic",
	"theweek.co.uk": "The Week", "theweek.com": "The Week", "afp.com": "AFP", "time.com": "Time",
	"independent.co.uk": "The Independent", "ft.com": "Financial Times",
}

// knownOutlet returns the canonical outlet for a name such as "ABC Audio"
// or "USA TODAY", and whether it is one this package knows.
func knownOutlet(name string) (string, bool) {
	key := strings.ToLower(strings.Join(strings.Fields(strings.Trim(name, " .,;:")), " "))
	o, ok := outletNames[key]
	return o, ok
}

// outletWords are words that mark a phrase as the name of a news outlet
// even when the outlet is not in the table ("Riverside Courier").
var outletWords = map[string]bool{
	"news": true, "times": true, "post": true, "herald": true, "courier": true, "wire": true, "press": true,
	"journal": true, "tribune": true, "gazette": true, "daily": true, "today": true, "chronicle": true,
	"globe": true, "star": true, "sun": true, "telegraph": true, "observer": true, "examiner": true,
	"dispatch": true, "register": true, "review": true, "bulletin": true, "inquirer": true, "record": true,
	"radio": true, "television": true, "tv": true, "broadcasting": true, "media": true, "magazine": true,
	"newspaper": true, "reporter": true, "sentinel": true, "standard": true, "independent": true, "mirror": true,
	"weekly": true, "monitor": true, "ledger": true, "courant": true, "advocate": true, "voice": true,
}

// outletName reads a phrase as an outlet: a known one (canonical name) or
// a capitalised phrase of at most five words ending in an outlet word
// ("Valley Herald"). It returns "" otherwise.
func outletName(phrase string) string {
	phrase = strings.Trim(strings.TrimSpace(phrase), ".,;:")
	if o, ok := knownOutlet(phrase); ok {
		return o
	}
	words := strings.Fields(phrase)
	if len(words) < 2 || len(words) > 5 {
		return ""
	}
	for _, w := range words {
		if !startsUpper(w) && w != "of" && w != "the" && w != "and" {
			return ""
		}
	}
	if !outletWords[strings.ToLower(words[len(words)-1])] {
		return ""
	}
	return strings.Join(words, " ")
}

// normaliseSource turns a record's source into an outlet name: a domain or
// URL of a known news site becomes its outlet ("www.cnn.com" → "CNN"), a
// known alias its canonical name ("USA TODAY" → "USA Today"); anything else
// is returned trimmed, as given.
func normaliseSource(src string) string {
	src = strings.TrimSpace(src)
	if src == "" {
		return ""
	}
	if o, ok := knownOutlet(src); ok {
		return o
	}
	if o := outletFromHost(src); o != "" {
		return o
	}
	return src
}

// outletFromHost maps a host name or URL to a known outlet by its domain
// suffix ("e.newsletters.cnn.com" → "CNN"), or returns "".
func outletFromHost(s string) string {
	host := strings.ToLower(s)
	if strings.Contains(host, "://") {
		u, err := url.Parse(host)
		if err != nil {
			return ""
		}
		host = u.Hostname()
	}
	if strings.ContainsAny(host, " /") || !strings.Contains(host, ".") {
		return ""
	}
	for h := host; h != ""; {
		if o, ok := outletDomains[h]; ok {
			return o
		}
		_, rest, ok := strings.Cut(h, ".")
		if !ok {
			break
		}
		h = rest
	}
	return ""
}

func startsUpper(w string) bool {
	if w == "" {
		return false
	}
	c := w[0]
	return c >= 'A' && c <= 'Z' || c >= 0x80 // non-ASCII initials are taken as capitals
}

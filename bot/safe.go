package bot

import (
	"regexp"
	"strings"
	"unicode"
)

// cleanText removes what could spoof or hide text: bidirectional controls
// (U+202A–U+202E, U+2066–U+2069, U+061C), zero-width and invisible
// characters (U+200B–U+200F, U+2060–U+2064, U+FEFF, U+00AD, U+180E) and other
// control characters; newlines and tabs stay. Invalid UTF-8 becomes U+FFFD.
func cleanText(s string) string {
	clean := true
	for _, r := range s {
		if hiddenRune(r) || r == unicode.ReplacementChar {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if hiddenRune(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

func hiddenRune(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || (r >= 0x7f && r < 0xa0):
		return true
	case r == 0x00ad || r == 0x061c || r == 0x180e || r == 0xfeff:
		return true
	case r >= 0x200b && r <= 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2060 && r <= 0x2069:
		return true
	case r >= 0xfff9 && r <= 0xfffb: // interlinear annotation controls
		return true
	}
	return false
}

var (
	// schemeRE is a URL scheme with its "://".
	schemeRE = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.\-]*):(/|\\){2}`)
	// wwwRE is a "www." host prefix.
	wwwRE = regexp.MustCompile(`(?i)\bwww\.`)
	// hostRE is a host name (labels and a top-level label starting with a
	// letter) or a dotted IPv4 address.
	hostRE = regexp.MustCompile(`(?i)\b(?:(?:[a-z0-9][a-z0-9-]*\.)+[a-z][a-z0-9-]+|\d{1,3}(?:\.\d{1,3}){3}\b)`)
)

// defang makes URL-like text in (escaped) mrkdwn impossible to auto-link,
// visibly and reversibly for a reader, in the style of security reports:
// "https://" becomes "hxxps[:]//", "www." becomes "www[.]", and the dots of a
// host become "[.]" when it looks like a link target (after a scheme or
// "www.", before a path, port, query or fragment, after an "@", or with a
// common top-level domain), so "evil.example/login" is "evil[.]example/login"
// and "example.com" is "example[.]com". Plain prose ("e.g.", "5.25%",
// "Node.js") is left alone. Zero-width characters are no defence (they are
// stripped), so the neutralisation is visible text.
func defang(s string) string {
	if !strings.ContainsAny(s, ".:") {
		return s
	}
	s = schemeRE.ReplaceAllStringFunc(s, func(m string) string {
		i := strings.IndexByte(m, ':')
		scheme := m[:i]
		switch strings.ToLower(scheme) {
		case "http":
			scheme = "hxxp"
		case "https":
			scheme = "hxxps"
		case "ftp":
			scheme = "fxp"
		}
		return scheme + "[:]" + m[i+1:]
	})
	s = wwwRE.ReplaceAllStringFunc(s, func(m string) string { return m[:3] + "[.]" })
	locs := hostRE.FindAllStringIndex(s, -1)
	if len(locs) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, l := range locs {
		host := s[l[0]:l[1]]
		if !linkLike(s, l[0], l[1], host) {
			continue
		}
		b.WriteString(s[last:l[0]])
		b.WriteString(strings.ReplaceAll(host, ".", "[.]"))
		last = l[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// linkLike reports whether host at s[i:j] would be read as a link target.
func linkLike(s string, i, j int, host string) bool {
	before, after := s[:i], s[j:]
	switch {
	case strings.HasSuffix(before, "//") || strings.HasSuffix(before, `\\`) || strings.HasSuffix(before, "@") ||
		strings.HasSuffix(strings.ToLower(before), "www[.]") || strings.HasSuffix(before, "[.]"):
		return true
	case after != "" && strings.ContainsRune("/?#\\", rune(after[0])):
		return true
	case len(after) > 1 && after[0] == ':' && after[1] >= '0' && after[1] <= '9':
		return true
	case len(after) > 0 && after[0] == '@': // user@host.example is an e-mail link
		return false
	}
	tld := strings.ToLower(host[strings.LastIndexByte(host, '.')+1:])
	if tld[0] >= '0' && tld[0] <= '9' {
		return false // a bare IPv4 address with nothing after it
	}
	return commonTLDs[tld]
}

// commonTLDs are the top-level domains a bare host name is auto-linked with:
// the common generic ones and the country codes.
var commonTLDs = func() map[string]bool {
	m := map[string]bool{}
	for _, t := range strings.Fields(`com net org edu gov mil int info biz name pro mobi aero coop museum
		app dev ai xyz site online top club shop store tech blog news live link click page cloud email
		art design media world today space fun website host press social zone network digital agency
		ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt bw by
		bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es et eu fi
		fj fk fm fo fr ga gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in
		io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md
		me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe
		pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sk sl sm sn so sr ss st
		su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz va vc ve vg vi vn vu
		wf ws ye yt za zm zw`) {
		m[t] = true
	}
	return m
}()

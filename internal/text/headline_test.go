package text

import "testing"

func TestHeadline(t *testing.T) {
	tests := []struct{ name, url, body, want string }{
		{"slug", "https://www.cnn.com/2022/06/12/politics/whats-in-senate-gun-reform-agreement/index.html", "", "Whats in senate gun reform agreement"},
		{"slug codes dropped", "https://www.cnn.com/2022/06/19/middleeast/saudi-arabia-rainbow-colored-toys-ban-intl/index.html", "", "Saudi arabia rainbow colored toys ban"},
		{"encoded url: the lede", "https://e.newsletters.cnn.com/click?EYWxl/CeyJtaWQiOiIx/qP3V0bV", "CNN —\n\nAn extremely rare disease called monkeypox, a cousin of smallpox, has again made its way to the US.", "An extremely rare disease called monkeypox"},
		{"credit and dateline skipped, cut at 12 words", "", "Kevin Dietsch/Getty Images\n\n(WASHINGTON) — CIA Director Bill Burns will soon travel to Europe to meet with Middle Eastern officials as part of a push.", "CIA Director Bill Burns will soon travel to Europe to meet with…"},
		{"gallery skipped", "", "Hide Caption 1 of 38 Photos: Deadly flooding\n\nRescuers searched the flooded towns of western Germany on Friday.", "Rescuers searched the flooded towns of western Germany on Friday"},
		{"nothing", "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Headline(tc.url, tc.body); got != tc.want {
				t.Errorf("Headline = %q, want %q", got, tc.want)
			}
		})
	}
	for title, want := range map[string]bool{
		"5 things to know for June 13: Gun laws, January 6, Covid":            true,
		"'Squid Game': Netflix green lights season 2":                         false,
		"Hurricane Ian makes landfall, Russia, Ukraine, Lizzo plays James...": true,
		"Liz Truss, the UK's new prime minister, takes office":                false,
	} {
		if IsRoundUp(title) != want {
			t.Errorf("IsRoundUp(%q) != %v", title, want)
		}
	}
}

func TestIsGallery(t *testing.T) {
	for s, want := range map[string]bool{
		"Hide Caption 14 of 44 Photos: Deadly flooding":     true,
		"Photos: The best photos from the 2022 Tony Awards": true,
		"Deadly flooding 3 of 38 photos shows the damage":   true,
		"Video player was slow to load content":             true,
		"He took 40 photos of the crowd.":                   false,
		"Officials released photos on Monday.":              false,
	} {
		if IsGallery(s) != want {
			t.Errorf("IsGallery(%q) != %v", s, want)
		}
	}
}

func TestTrimLabel(t *testing.T) {
	if got := TrimLabel("Photos: Liz Truss, the UK's new prime minister"); got != "Liz Truss, the UK's new prime minister" {
		t.Errorf("TrimLabel = %q", got)
	}
	if got := TrimLabel("Photos:"); got != "Photos:" {
		t.Errorf("a bare label is kept: %q", got)
	}
}

func TestHeadlineFromSlugAndRoundUps(t *testing.T) {
	tests := []struct {
		name, url, body, want string
	}{
		{"slug in the body's capitals", "https://www.cnn.com/2022/09/19/uk/gallery/queen-elizabeth-ii-funeral/index.html",
			"Britain's King Charles III places the Queen's Company Camp Colour on the coffin of Queen Elizabeth II at the funeral.",
			"Queen Elizabeth II funeral"},
		{"round-up slug gives the lede", "https://www.cnn.com/2022/08/29/us/five-things-august-29-trnd/index.html",
			"NASA is gearing up for another countdown to launch its Artemis I rocket, officials said.",
			"NASA is gearing up for another countdown to launch its Artemis I…"},
		{"nothing but gallery text", "", "Hide Caption 3 of 9", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Headline(tc.url, tc.body); got != tc.want {
				t.Errorf("Headline = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestIsRoundUp(t *testing.T) {
	for title, want := range map[string]bool{
		"5 things to know for August 29: NASA, Flooding, Shootings, Covid ...":  true,
		"Five things to know for July 8: Shinzo Abe":                            true,
		"Primary election takeaways, Rudy Giuliani: 5 things to know ...":       true,
		"The Short List: Queen's funeral":                                       true,
		"Morning briefing: the Queen's funeral":                                 true,
		"Cast of Blues, wedding dress scare: News from around our 50 states":    true,
		"Queen funeral updates: Elizabeth laid to rest alongside Prince Philip": false,
		"Things we learned from the hearing":                                    false,
	} {
		if got := IsRoundUp(title); got != want {
			t.Errorf("IsRoundUp(%q) = %v, want %v", title, got, want)
		}
	}
}

func TestIsFurniture(t *testing.T) {
	for s, want := range map[string]bool{
		"Hide Caption 14 of 44 Photos: Deadly flooding in western Europe A damaged road buckles.": true,
		"Photos: The best photos from the 2022 Tony Awards":                                       true,
		"Video player was slow to load content Video content never loaded":                        true,
		"1. How relevant is this ad to you?":                                                      true,
		"Editor's note: This page recaps the news from Monday, Sept. 19.":                         true,
		"For the latest updates on Hurricane Fiona, see our coverage from Tuesday.":               true,
		"Tom Williams/CQ-Roll Call/AP":                                                            true,
		"The Queen was laid to rest at St. George's Chapel on Monday.":                            false,
		"From left, Prince William, Prince George and Princess Charlotte at the Queen's funeral.": true,
		"For the latest coverage of Hurricane Ian from Thursday, see our live updates here.":      true,
		"Officials from left-leaning groups said the funeral would be costly.":                    false,
	} {
		if got := IsFurniture(s); got != want {
			t.Errorf("IsFurniture(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestLedeHeadlineKeepsInitialsAndTitles(t *testing.T) {
	for body, want := range map[string]string{
		"President Biden plans to dispatch CIA Director William J. Burns in the coming days.": "President Biden plans to dispatch CIA Director William J. Burns in the…",
		"Iowa Gov. Kim Reynolds signed the bill on Monday. It takes effect in July.":          "Iowa Gov. Kim Reynolds signed the bill on Monday",
	} {
		if got := Headline("", body); got != want {
			t.Errorf("Headline(%q) = %q, want %q", body, got, want)
		}
	}
}

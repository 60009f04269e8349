package tandem

import "strings"

// TemplateNode is a node of a codebook template, with its children.
type TemplateNode struct {
	Text     NodeText
	Children []TemplateNode
}

// Template is a ready-made codebook to start a project from. The templates
// themselves are files, read by package templates.
type Template struct {
	ID          string
	Name        string
	Description string
	Domains     []TemplateNode
}

// themeColours are light colours on which black text reads well (contrast
// above 4.5:1), used in turn for template themes.
var themeColours = []string{"#F4C542", "#9AD1F5", "#B5E3A1", "#F7B2C4", "#D3C0F5", "#FFD59E", "#A8E6CF", "#FFB3A7", "#C7CEEA", "#E2F0CB", "#FDE2B9", "#BDE0FE", "#F9E79F", "#D5F5E3", "#FADBD8", "#E8DAEF"}

// ThemeColour returns the i-th of the light theme colours, cycling.
func ThemeColour(i int) string { return themeColours[i%len(themeColours)] }

// LeastUsedColour is the colour for a new theme, given the colours of the
// themes there are (in any case): the light theme colour used least, the
// first in palette order among equals. A new theme gets a colour no theme
// has while one is left.
func LeastUsedColour(used []string) string {
	count := make(map[string]int, len(used))
	for _, c := range used {
		count[strings.ToUpper(c)]++
	}
	best := themeColours[0]
	for _, c := range themeColours[1:] {
		if count[c] < count[best] {
			best = c
		}
	}
	return best
}

// Apply adds the template's nodes to an empty codebook, giving each node an
// id from newID and each theme without a colour the next light colour.
func (tpl *Template) Apply(cb *Codebook, newID func() string, by *Member) error {
	if len(cb.Nodes) > 0 {
		return Errorf(CodeNotEmpty, "A template can only start an empty codebook; this one has %d entries.", len(cb.Nodes))
	}
	colour := 0
	var add func(level Level, parentID string, nodes []TemplateNode) error
	add = func(level Level, parentID string, nodes []TemplateNode) error {
		for _, tn := range nodes {
			text := tn.Text
			if level == LevelTheme {
				if text.Colour == "" {
					text.Colour = themeColours[colour%len(themeColours)]
				}
				colour++
			}
			n, err := cb.Add(newID(), level, parentID, text, StatusActive, by)
			if err != nil {
				return err
			}
			next := map[Level]Level{LevelDomain: LevelCategory, LevelCategory: LevelTheme}[level]
			if err := add(next, n.ID, tn.Children); err != nil {
				return err
			}
		}
		return nil
	}
	return add(LevelDomain, "", tpl.Domains)
}

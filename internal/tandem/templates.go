package tandem

import "strings"

// TemplateNode is a node of a codebook template, with its children.
type TemplateNode struct {
	Text     NodeText
	Children []TemplateNode
}

// Template is a ready-made codebook to start a project from.
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

func theme(name, brief, plain, use, notUse, example string) TemplateNode {
	return TemplateNode{Text: NodeText{Name: name, Brief: brief, PlainLanguage: plain, WhenToUse: use, WhenNotToUse: notUse, Example: example}}
}

func group(name, brief string, children ...TemplateNode) TemplateNode {
	return TemplateNode{Text: NodeText{Name: name, Brief: brief}, Children: children}
}

// Templates lists the codebook templates.
var Templates = []Template{
	{
		ID:          "rlc",
		Name:        "RLC social integration",
		Description: "How a peer-run Recovery Learning Community shapes its members' lives: 2 domains, 4 categories, 12 themes.",
		Domains: []TemplateNode{
			group("RLC Attributes", "What the community is like and what it offers.",
				group("Atmosphere", "How it feels to be there.",
					theme("Judgment-free", "Members feel accepted without being judged or labelled by diagnosis.",
						"Nobody looks down on you or treats you as your diagnosis.",
						"The participant describes acceptance, not being judged, or being seen as a person first.",
						"General friendliness without any mention of judgment or labels (use Relaxed/open).",
						"“Nobody asked what my diagnosis was. They just asked how my week went.”"),
					theme("Flexible", "Members can take part on their own terms and at their own pace.",
						"You can come when you can and do as much as you want.",
						"Choice about when, how often or how much to take part; no pressure to attend.",
						"Flexibility of a job or of services outside the community.",
						"“If I miss a few weeks, nobody makes a fuss. I just come back.”"),
					theme("Relaxed/open", "An informal, welcoming and open atmosphere.",
						"It feels easy-going and welcoming.",
						"Descriptions of the general feel: calm, informal, open, homely.",
						"Specific statements about not being judged (use Judgment-free).",
						"“It's like a living room. You make a cup of tea and sit down.”"),
				),
				group("Opportunities", "What members can do and take part in.",
					theme("Leadership", "Chances to lead, facilitate or organise within the community.",
						"Getting to run things, like a group or an event.",
						"The participant leads, co-facilitates, organises or speaks for the community.",
						"Responsibilities in paid work outside the community (use Holding jobs and other positions of responsibility).",
						"“Now I co-lead the Tuesday writing group.”"),
					theme("Meeting peers", "Meeting others with lived experience of mental health problems.",
						"Meeting people who have been through similar things.",
						"Contact with peers as an opportunity the community creates.",
						"Lasting friendships and social life that grew out of it (use Enhanced social networks and activities).",
						"“For the first time I met people who got it without me explaining.”"),
					theme("Trainings and workshops", "Courses, trainings and workshops the community offers.",
						"Classes and trainings you can go to.",
						"Taking part in a training, course or workshop, or its content.",
						"Skills the participant says they gained (use Improved coping skills).",
						"“I did the facilitator training last spring.”"),
				),
			),
			group("Psychosocial Outcomes", "How members' lives changed.",
				group("Intrapersonal", "Changes within the person.",
					theme("Positive identity transformation", "Seeing oneself in a new, more positive way, beyond illness.",
						"Seeing yourself differently, as more than your illness.",
						"A shift in how the participant sees who they are.",
						"Feeling better about oneself in general (use Increased self-esteem).",
						"“I used to say I was a patient. Now I say I'm a peer supporter.”"),
					theme("Increased self-esteem", "Greater self-worth and confidence.",
						"Feeling better about yourself and more confident.",
						"Statements of feeling worthy, capable or confident.",
						"A change in the kind of person one is (use Positive identity transformation).",
						"“I can walk into a room now and hold my head up.”"),
					theme("Increased sense of responsibility", "Taking on and owning responsibility for oneself and others.",
						"Feeling responsible for things and people, and owning it.",
						"The participant describes being relied on or taking charge of their own life.",
						"Formal roles and jobs (use Holding jobs and other positions of responsibility).",
						"“People count on me to open up on Fridays, so I'm there.”"),
					theme("Improved coping skills", "Better ways of handling distress and daily challenges.",
						"Being better at dealing with hard times.",
						"Strategies or skills for managing symptoms, stress or setbacks.",
						"Taking a course without saying what it changed (use Trainings and workshops).",
						"“When the voices get loud I go for a walk now, like we practised.”"),
				),
				group("Interpersonal", "Changes in relationships and roles with others.",
					theme("Enhanced social networks and activities", "More relationships and social activities inside and outside the community.",
						"Having more friends and more things to do with people.",
						"New or renewed friendships, social outings, family contact.",
						"A first meeting with peers as an opportunity (use Meeting peers).",
						"“We go walking on Saturdays, a group of us.”"),
					theme("Holding jobs and other positions of responsibility", "Paid or voluntary work and formal roles.",
						"Having a job or a role that others rely on.",
						"Employment, volunteering, committee or board roles, in or out of the community.",
						"Feeling responsible without a formal role (use Increased sense of responsibility).",
						"“I got a part-time job at the library in March.”"),
				),
			),
		},
	},
	{
		ID:          "chime",
		Name:        "CHIME personal recovery",
		Description: "The CHIME framework of personal recovery processes (Leamy et al., 2011): Connectedness, Hope and optimism, Identity, Meaning in life, Empowerment.",
		Domains: []TemplateNode{
			group("Personal recovery processes", "The five recovery processes of the CHIME framework.",
				group("Connectedness", "Relationships and belonging.",
					theme("Peer support", "Support from others with lived experience.", "Help from people who have been there.", "Support given or received between peers.", "Support from professionals or family (use Support from others).", "“Talking to someone who'd been through it helped most.”"),
					theme("Support from others", "Support from family, friends and professionals.", "Help from family, friends or workers.", "Practical or emotional support from people who are not peers.", "Peer support.", "“My sister drove me to every appointment.”"),
					theme("Being part of the community", "Belonging to a community or group.", "Feeling you belong somewhere.", "A sense of membership, belonging, or community participation.", "Single relationships.", "“It's my community now. I belong there.”"),
				),
				group("Hope and optimism", "Belief that recovery is possible.",
					theme("Belief in recovery", "Believing that recovery is possible.", "Believing you can get better.", "Statements that recovery or a good life is possible.", "Specific plans or dreams (use Dreams and aspirations).", "“I know now that people do get better.”"),
					theme("Motivation to change", "Wanting and working towards change.", "Wanting things to change and trying.", "Drive, motivation or effort to change.", "Hope without action.", "“I decided I wanted my life back.”"),
					theme("Dreams and aspirations", "Goals and hopes for the future.", "Things you hope to do one day.", "Named hopes, goals or dreams.", "General optimism (use Belief in recovery).", "“One day I want to train as a counsellor.”"),
				),
				group("Identity", "Who one is, beyond illness.",
					theme("Rebuilding a positive sense of self", "Redefining oneself positively.", "Seeing yourself in a better light.", "Changes to self-image in a positive direction.", "Stigma from others (use Overcoming stigma).", "“I'm a mum, an artist, and yes, I have bipolar.”"),
					theme("Overcoming stigma", "Dealing with stigma and discrimination.", "Standing up to prejudice about mental illness.", "Experiences of stigma and of challenging it.", "Self-image without reference to others' views.", "“I stopped hiding it at work.”"),
				),
				group("Meaning in life", "Purpose and meaning.",
					theme("Meaningful roles and goals", "Social roles and goals that give meaning.", "Things you do that matter to you.", "Roles, activities or goals that give purpose.", "Dreams not yet pursued (use Dreams and aspirations).", "“Volunteering gives my week a shape.”"),
					theme("Meaning of the illness experience", "Making sense of the experience of mental illness.", "Making sense of what you went through.", "Reflections on what the experience meant or taught.", "Descriptions of symptoms alone.", "“It taught me what matters to me.”"),
					theme("Spirituality", "Spiritual or religious meaning.", "Faith or spirituality that helps.", "Religious or spiritual beliefs and practices as a source of meaning.", "Community belonging in a faith group (use Being part of the community).", "“Prayer got me through the worst nights.”"),
				),
				group("Empowerment", "Control and responsibility.",
					theme("Personal responsibility", "Taking responsibility for one's own recovery.", "Taking charge of your own wellbeing.", "Owning choices and actions in recovery.", "Control over services (use Control over life).", "“It's up to me to keep up my routine.”"),
					theme("Control over life", "Having control and choice over one's life and care.", "Being in charge of your own life.", "Choice and control over treatment, housing, daily life.", "Personal effort without choice or control.", "“This time I chose which service I used.”"),
					theme("Focusing on strengths", "Recognising and using one's strengths.", "Knowing what you are good at and using it.", "Talk of strengths, skills or abilities.", "Skills to cope with symptoms.", "“I'm good with people. That's my strength.”"),
				),
			),
		},
	},
}

// TemplateByID returns the template with the id, or nil.
func TemplateByID(id string) *Template {
	for i := range Templates {
		if Templates[i].ID == id {
			return &Templates[i]
		}
	}
	return nil
}

// Apply adds the template's nodes to an empty codebook, giving each node an
// id from newID and each theme a colour.
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
				text.Colour = themeColours[colour%len(themeColours)]
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

package tandem

// SampleTranscript is one interview of the sample project, written for
// Tandem: the people and places in it are invented. The interviews are
// files, read by package templates.
type SampleTranscript struct {
	FileName, Title, Participant, Site, ContentNote, Text string
}

// SampleExcerpt is a demo coder's excerpt: the first occurrence of Quote in
// the transcript, with themes named as in the RLC template.
type SampleExcerpt struct {
	Transcript int // index into the sample interviews (templates.Interviews)
	Quote      string
	Themes     []string
}

// SampleCoder is a demo coder of the sample project and what they coded.
// Each demo coder is one account of the instance (found by Email), made by
// the first sample project and shared by every later one.
type SampleCoder struct {
	Name     string
	Email    string
	Type     ResearcherType
	Excerpts []SampleExcerpt
}

// SampleProjectName names the sample project.
const SampleProjectName = "Sample: RLC social integration (fictional)"

// SampleProjectDescription describes it.
const SampleProjectDescription = "A small made-up study to try Tandem with: three short fictional interviews about a peer-run Recovery Learning Community, coded by two demo coders (one peer, one academic). Change anything; it is yours."

// SampleCoders are the two demo coders: one peer, one academic. They agree
// on much and differ on some, so that comparing them shows something.
var SampleCoders = []SampleCoder{
	{Name: "Jordan (sample peer coder)", Email: "sample-peer-coder@example.invalid", Type: ResearcherPeer, Excerpts: []SampleExcerpt{
		{0, "Nobody asked me what my diagnosis was.", []string{"Judgment-free"}},
		{0, "Nobody looks at you like you are a file.", []string{"Judgment-free"}},
		{0, "If I have a bad few days I just don't come, and when I come back nobody makes a fuss.", []string{"Flexible"}},
		{0, "It feels more like somebody's front room than a clinic.", []string{"Relaxed/open"}},
		{0, "I did the wellness planning course in the spring.", []string{"Trainings and workshops"}},
		{0, "Now when things start slipping I have a plan, I ring someone and I go for a walk.", []string{"Improved coping skills"}},
		{0, "I used to say I was a patient. Now I say I'm a peer supporter who has been a patient.", []string{"Positive identity transformation"}},
		{0, "I can hold my head up in a room now.", []string{"Increased self-esteem", "Positive identity transformation"}},
		{0, "Last month five of us went to the coast for the day.", []string{"Enhanced social networks and activities"}},
		{1, "it was people who got it without me explaining.", []string{"Meeting peers"}},
		{1, "I run the Tuesday walking group.", []string{"Leadership"}},
		{1, "People count on me to turn up on Tuesdays, so I turn up", []string{"Increased sense of responsibility"}},
		{1, "I also did the facilitator training, two weekends.", []string{"Trainings and workshops"}},
		{1, "I got a part-time job at the garden centre.", []string{"Holding jobs and other positions of responsibility"}},
		{1, "I don't think I would have had the nerve to apply a year ago.", []string{"Increased self-esteem"}},
		{1, "Here you can say how you really are and nobody writes it down.", []string{"Judgment-free"}},
		{2, "I met a man who hears them too and has a job and a family.", []string{"Meeting peers"}},
		{2, "You can come and go. Some weeks I only stay twenty minutes. Nobody minds.", []string{"Flexible"}},
		{2, "When the voices get loud I put music on and I write down what they say", []string{"Improved coping skills"}},
		{2, "And I feel better about myself. Not fixed. Just better.", []string{"Increased self-esteem"}},
		{2, "I keep the sign-in book and I open up when the coordinator is late.", []string{"Increased sense of responsibility"}},
		{2, "we play chess in the park.", []string{"Enhanced social networks and activities"}},
	}},
	{Name: "Dr Morgan (sample academic coder)", Email: "sample-academic-coder@example.invalid", Type: ResearcherAcademic, Excerpts: []SampleExcerpt{
		{0, "Nobody asked me what my diagnosis was. They asked if I wanted tea.", []string{"Judgment-free"}},
		{0, "If I have a bad few days I just don't come", []string{"Flexible"}},
		{0, "It's noisy and a bit messy, people laughing in the kitchen.", []string{"Relaxed/open"}},
		{0, "I did the wellness planning course in the spring. We learned to notice the early signs.", []string{"Trainings and workshops", "Improved coping skills"}},
		{0, "I used to say I was a patient. Now I say I'm a peer supporter who has been a patient. That is different.", []string{"Positive identity transformation"}},
		{0, "I have people to go to the cinema with.", []string{"Enhanced social networks and activities"}},
		{1, "A friend from the ward said come along, it's people like us.", []string{"Meeting peers"}},
		{1, "Then they asked if I would lead it, and I said no three times before I said yes.", []string{"Leadership"}},
		{1, "People count on me to turn up on Tuesdays", []string{"Increased sense of responsibility"}},
		{1, "I also did the facilitator training", []string{"Trainings and workshops"}},
		{1, "I got a part-time job at the garden centre.", []string{"Holding jobs and other positions of responsibility"}},
		{1, "Sometimes it's too relaxed, to be honest. Meetings start late.", []string{"Relaxed/open"}},
		{2, "I had never met anyone like that.", []string{"Meeting peers"}},
		{2, "There is no register, nobody phones you if you miss it.", []string{"Flexible"}},
		{2, "We practised that in the coping skills workshop.", []string{"Trainings and workshops"}},
		{2, "I write down what they say, and then I read it back and it has less power.", []string{"Improved coping skills"}},
		{2, "I can walk into the library now without feeling everyone is staring.", []string{"Increased self-esteem"}},
		{2, "It's small, but it's mine.", []string{"Positive identity transformation"}},
		{2, "I started volunteering at the food bank on Thursdays.", []string{"Holding jobs and other positions of responsibility"}},
	}},
}

//! The sentence templates texts are written from. `{slot}`s are filled from the writer's
//! vocabulary (see `text::Writer::slot` for the list); a capitalised slot name (`{Topic}`)
//! capitalises the first letter of what it is filled with.

/// Headlines of members who hold a position now.
pub(crate) const HEADLINES_WORKING: &[&str] = &[
    "{title} at {company}",
    "{title} at {company} | {skill}, {skill2}, {skill3}",
    "{title} @ {company} · {Topic}",
    "{title} | {Topic} | {city}",
    "Helping {audience} {goal} | {title} at {company}",
    "{title} · {skill} · {skill2}",
    "{title} | {years}+ years in {field}",
    "{title} at {company} | {Topic} and {topic2}",
    "{title} | {Topic}, {topic2} | Speaker and mentor",
];

/// Headlines of members between positions.
pub(crate) const HEADLINES_BETWEEN: &[&str] = &[
    "{title} | Open to new opportunities",
    "Experienced {title} | {Topic} | Open to work",
    "{Field} professional | {skill}, {skill2} | {city}",
    "Former {title} at {company} | Looking for my next challenge",
];

/// Headlines of members who have not worked yet.
pub(crate) const HEADLINES_STUDENT: &[&str] = &[
    "Student | Aspiring {track} | {city}",
    "Student interested in {field} and {topic}",
    "Student | Learning {skill} | {city}",
    "Future {track} | Curious about {topic}",
];

/// First sentences of an About text that fit anyone who has worked.
pub(crate) const ABOUT_OPEN_ANY: &[&str] = &[
    "I help {audience} {goal}.",
    "My work sits at the intersection of {topic} and {topic2}.",
    "I'm a {field} professional who enjoys turning messy problems into simple, reliable solutions.",
    "I have spent the last {years} years working on {topic} with {audience}.",
    "{Topic} has been the thread running through my {years} years in {field}.",
];

/// First sentences of an About text of someone who holds a position now.
pub(crate) const ABOUT_OPEN_WORKING: &[&str] = &[
    "I'm {a_title} at {company} with {years} years of experience in {field}.",
    "{years} years into my career in {field}, I still get excited about {topic}.",
    "As {a_title} based in {city}, I focus on {topic} and {topic2}.",
    "Currently {a_title} at {company}, where I work on {topic}.",
    "I've worked in {field} for {years} years, most recently as {a_title} at {company}.",
];

/// First sentences of an About text of someone between positions.
pub(crate) const ABOUT_OPEN_BETWEEN: &[&str] = &[
    "I'm {a_title} with {years} years of experience in {field}, currently looking for my next role.",
    "After {years} years in {field}, most recently at {company}, I'm taking time to find the right next challenge.",
];

/// Middle sentences of an About text.
pub(crate) const ABOUT_MIDDLE: &[&str] = &[
    "At {prev_company}, I {win}.",
    "One project I'm proud of: we {win}.",
    "Most recently, my team {win}.",
    "My toolkit includes {skills}.",
    "Day to day I work with {skills}.",
    "I care a lot about {topic}, clear communication and doing things properly.",
    "I enjoy mentoring people who are new to {field}.",
    "Outside work, I write about {topic2} and speak at meetups when I can.",
    "I believe good {field} comes down to {value} and {value2}.",
    "I'm most effective in small, cross-functional teams that own {topic} end to end.",
    "Lately I've been digging into {topic2} and what it means for {audience}.",
    "People usually come to me when things get complicated around {topic}.",
    "I started out in {field} because I liked solving problems, and I stayed for the people.",
    "I'm known for {value} and for asking the awkward questions early.",
];

/// Last sentences of an About text.
pub(crate) const ABOUT_CLOSE: &[&str] = &[
    "Always happy to connect with people working on {topic}.",
    "Feel free to reach out if you want to talk about {topic} or {topic2}.",
    "Open to conversations about {field}, mentoring and new ideas.",
    "Let's connect!",
    "Based in {city}.",
    "Happy to grab a coffee if you're in {city}.",
    "Views are my own.",
];

/// First sentences of a student's About text.
pub(crate) const ABOUT_STUDENT_OPEN: &[&str] = &[
    "I'm a student in {city} with a growing interest in {field}.",
    "I'm still studying, but I already know I want to work in {field}.",
    "Student, curious about {topic} and how {audience} work.",
];

/// Further sentences of a student's About text.
pub(crate) const ABOUT_STUDENT_MORE: &[&str] = &[
    "I'm teaching myself {skill} in my spare time.",
    "Recently I joined a club where we work on {topic}.",
    "I love learning about {topic2}.",
    "My goal is to become {a_track} one day.",
    "I'm looking for advice from people working in {field}.",
    "Happy to connect and learn from you!",
];

/// Descriptions of a position (résumé style, fitting past and current roles).
pub(crate) const EXPERIENCE: &[&str] = &[
    "Responsible for {topic} across {n} teams.",
    "Key result: {win}.",
    "Part of the team that {win}.",
    "Focus on {topic} and {topic2}.",
    "Partnered with {audience} on {topic}.",
    "Day-to-day tools: {skills}.",
    "Built and ran the processes behind {topic}.",
    "Worked closely with {audience} on {topic2}.",
];

/// Posts of a member who holds a position now.
pub(crate) const POSTS_WORKING: &[&str] = &[
    "Excited to share that I've started a new position as {title} at {company}!",
    "Just wrapped up a project on {topic} with the team at {company}. {reflection}",
    "We {win} this quarter. Proud of this team at {company}!",
    "Hiring! We're looking for {a_title} to join us at {company} in {city}. Experience with {skill} and {skill2} is a plus. Send me a message if you're interested.",
    "Big week at {company}: we finally {win}. {reflection}",
    "Our team at {company} is hosting {event} on {topic} next month. Who's coming?",
];

/// Posts anyone who has worked may write.
pub(crate) const POSTS_ANY: &[&str] = &[
    "Hot take: most problems with {topic} are really problems with {topic2}. {reflection}",
    "Spent the day at {event} talking about {topic}. {reflection}",
    "What's your go-to resource for learning {skill}? Looking for recommendations.",
    "{years} years in {field} taught me one thing above all: {lesson}.",
    "Reminder for anyone working on {topic}: {lesson}.",
    "Three things I'd tell my younger self about {field}: {lesson}, {lesson2}, and don't be afraid to ask for help.",
    "Reading a great piece on {topic} this morning. {reflection}",
    "Grateful for everyone who helped me grow at {prev_company}.",
    "Anyone else seeing more interest in {topic} lately? Curious how other {audience} are handling it.",
    "Unpopular opinion: tools like {skill} matter less than people think; getting {topic} right matters far more.",
    "A year ago I knew very little about {skill2}. Today it's the tool I reach for first.",
    "Quick tip for {audience}: when it comes to {topic}, {lesson}.",
    "Proud to have {win} with an amazing group of people. {reflection}",
];

/// Posts of a member between positions.
pub(crate) const POSTS_BETWEEN: &[&str] = &[
    "After {years} years in {field}, I'm looking for my next role as {a_title}. If your team needs help with {topic} or {skill}, I'd love to talk.",
    "I'm open to work! Looking for {title} roles in {city} or remote. Any leads are much appreciated.",
];

/// Posts of a member who has not worked yet.
pub(crate) const POSTS_STUDENT: &[&str] = &[
    "Just finished an online course on {skill}. Next up: {topic}!",
    "Does anyone have tips for a student who wants to get into {field}?",
    "Today I learned a lot about {topic} in practice. Really interesting!",
    "Started a small project to practise {skill}. Any feedback welcome.",
    "Went to {event} about {topic} today and met some amazing people.",
    "Looking for a summer internship in {field} in {city}. Any advice on where to start?",
    "Our school project on {topic} got first place! So proud of my team.",
    "Which books would you recommend to someone curious about {topic}?",
    "Spent the weekend learning {skill2}. Harder than it looks, but I'm getting there.",
    "Big thanks to everyone who answered my questions about {field} this week.",
];

/// Sentences that round off a post.
pub(crate) const REFLECTIONS: &[&str] = &[
    "It reminded me how much {topic} depends on good communication.",
    "The hardest part was never the technology, it was getting people aligned.",
    "Small, steady improvements won again.",
    "Still plenty to learn, but we're on the right track.",
    "Curious to hear how others approach this.",
    "Huge thanks to everyone involved.",
    "Lesson learned: {lesson}.",
    "Would do it again in a heartbeat.",
    "More on this soon.",
];

/// Article titles.
pub(crate) const ARTICLE_TITLES: &[&str] = &[
    "What {years} years in {field} taught me about {topic}",
    "{n} lessons from working on {topic}",
    "Why we should talk more about {topic}",
    "A practical guide to {topic} for {audience}",
    "{Topic}: what most teams get wrong",
    "How we {win}",
];

/// First sentences of an article.
pub(crate) const ARTICLE_INTRO: &[&str] = &[
    "When I started in {field}, {topic} was an afterthought.",
    "Every few months someone asks me how we approach {topic}, so I finally wrote it down.",
    "{Topic} is one of those subjects everyone agrees is important and few teams get right.",
    "Last year at {company} we {win}, and people keep asking how.",
];

/// Body sentences of an article.
pub(crate) const ARTICLE_BODY: &[&str] = &[
    "Today it is one of the first things {audience} ask about.",
    "The teams that do it well have a few things in common.",
    "They treat {topic} as an ongoing practice, not a one-off project.",
    "They invest in {skill} early instead of waiting for problems to pile up.",
    "The most common mistake I see is ignoring {topic2} until it is too late.",
    "None of this requires a big budget, but it does require patience.",
    "We started small: one team, one problem and a clear definition of done.",
    "The numbers helped, but the real change was cultural.",
    "If I had to pick one habit, it would be this: {lesson}.",
    "It also helped to be honest about what we did not know.",
    "Tools like {skill} and {skill2} made a difference, but only after the basics were in place.",
    "Good {field} comes down to {value} and {value2}, and this was no exception.",
];

/// Last sentences of an article.
pub(crate) const ARTICLE_CLOSE: &[&str] = &[
    "If you are just getting started, pick one small problem and solve it properly.",
    "I would love to hear how your team approaches {topic}.",
    "What would you add to this list?",
    "Thanks for reading, and feel free to reach out if you want to compare notes.",
];

/// Comments on other members' posts.
pub(crate) const COMMENTS: &[&str] = &[
    "Great point about {topic}!",
    "Congratulations, well deserved!",
    "This matches my experience in {field}. {reflection}",
    "Thanks for sharing! We ran into the same issue with {topic2}.",
    "Interesting read. How did you handle {topic}?",
    "Couldn't agree more. {Lesson}.",
    "Love this. Nobody talks enough about {topic}.",
    "Saving this for my team.",
    "Well said. In {field} we often forget to {lesson}.",
    "Congrats on the new role, exciting times ahead!",
];

/// Sentences that put contact data in a post (the corpus export must scrub them).
pub(crate) const CONTACT_EMAIL: &[&str] = &["Questions? Email me at {email}.", "Feel free to reach me at {email}."];
/// Like [`CONTACT_EMAIL`], with a phone number.
pub(crate) const CONTACT_PHONE: &[&str] =
    &["You can call me on {phone}.", "Drop me a line at {phone} if you want to chat."];

/// Lessons, as clauses that complete "the lesson is: …".
pub(crate) const LESSONS: &[&str] = &[
    "ask questions early",
    "write things down",
    "measure before you optimise",
    "protect your focus time",
    "share credit generously",
    "learn the business, not just the tools",
    "take small steps instead of big rewrites",
    "listen more than you talk",
    "celebrate the small wins",
    "document decisions, not just outcomes",
    "ask for feedback before you need it",
];

/// Values, as nouns.
pub(crate) const VALUES: &[&str] = &[
    "curiosity",
    "clear writing",
    "small iterations",
    "honest feedback",
    "empathy",
    "measuring what matters",
    "patience",
    "craft",
    "ownership",
    "kindness",
];

/// Events, with their article.
pub(crate) const EVENTS: &[&str] = &[
    "a local meetup",
    "an industry conference",
    "an internal hackathon",
    "a hands-on workshop",
    "a panel discussion",
    "a webinar",
    "a roundtable with peers",
    "a careers fair",
];

/// What two connected members talk about in private messages.
pub(crate) struct ThreadKind {
    /// Whether the conversation needs a recipient who holds a position (it names their employer,
    /// or offers them a job).
    pub(crate) peer_works: bool,
    /// Whether the conversation needs a sender who holds a position (it names their employer).
    pub(crate) sender_works: bool,
    pub(crate) open: &'static [&'static str],
    pub(crate) reply: &'static [&'static str],
    pub(crate) follow_up: &'static [&'static str],
}

/// Every kind of conversation; `{peer_*}` slots describe the other member.
pub(crate) const THREADS: &[ThreadKind] = &[
    ThreadKind {
        peer_works: false,
        sender_works: false,
        open: &[
            "Hi {peer_first}, thanks for connecting! I enjoyed reading about your work on {topic}.",
            "Thanks for accepting my invitation, {peer_first}. Always good to know more people in {field}.",
        ],
        reply: &["Likewise, {peer_first}! Let me know if I can ever help.", "Thanks {peer_first}, great to be connected."],
        follow_up: &["Will do, thanks!"],
    },
    ThreadKind {
        peer_works: true,
        sender_works: false,
        open: &[
            "Hi {peer_first}, I noticed you're {a_peer_title} at {peer_company}. Would you be open to a quick chat about what the role is like?",
            "Hi {peer_first}, I'm thinking about applying to {peer_company}. Could I ask you a few questions about the team?",
        ],
        reply: &[
            "Happy to chat, {peer_first}. Does Thursday afternoon work for you?",
            "Sure! Send me a few times that suit you and I'll pick one.",
        ],
        follow_up: &["Perfect, I'll send an invite. Talk soon!", "Thursday works. Thanks so much!"],
    },
    ThreadKind {
        peer_works: true,
        sender_works: false,
        open: &["Hey {peer_first}! Long time no see. How are things at {peer_company}?"],
        reply: &[
            "Good to hear from you, {peer_first}! Busy but good, we're deep into {topic} right now.",
            "All good here, thanks! Still enjoying the work on {topic}. How about you?",
        ],
        follow_up: &["Sounds exciting. Let's grab a coffee soon!", "Same here, all good. Let's catch up properly soon."],
    },
    ThreadKind {
        peer_works: true,
        sender_works: true,
        open: &[
            "Hi {peer_first}, we're hiring {a_title} at {company} and your background looks like a great fit. Interested in hearing more?",
        ],
        reply: &[
            "Thanks for thinking of me! I'm happy where I am right now, but let's stay in touch.",
            "Sounds interesting. Could you send me the job description?",
        ],
        follow_up: &["Of course, thanks {peer_first}!", "Sure, I'll send it over today."],
    },
    ThreadKind {
        peer_works: false,
        sender_works: false,
        open: &[
            "Hi {peer_first}, quick question: which tools does your team use for {topic}?",
            "Hi {peer_first}, I'm researching {topic} and would really value your perspective. Do you have 20 minutes next week?",
        ],
        reply: &[
            "Good question! We mostly use {skill} and {skill2}, and it works well for us.",
            "Happy to help, {peer_first}. Send me your questions and I'll answer what I can.",
        ],
        follow_up: &["Thanks, that's really helpful.", "Great, thanks {peer_first}!"],
    },
    ThreadKind {
        peer_works: false,
        sender_works: false,
        open: &["Great to meet you at {event} last week, {peer_first}. Let's keep in touch!"],
        reply: &["Likewise, {peer_first}! I really enjoyed our chat about {topic}."],
        follow_up: &["Me too. See you at the next one!"],
    },
];

/// Sentences of a job description, in the order they are used.
pub(crate) const JOB_OPEN: &[&str] = &[
    "{company} is hiring {a_title} to join our team in {city}.",
    "Join {company} as {a_title} and help {audience} {goal}.",
    "We're looking for {a_title} to strengthen our team in {city}.",
];

/// What the job involves and asks for.
pub(crate) const JOB_MIDDLE: &[&str] = &[
    "You will work on {topic} and {topic2} with {audience}.",
    "You will own {topic} end to end.",
    "We're looking for someone comfortable with {skills}.",
    "Experience with {skill} is a plus.",
    "You'll join a team of {n} people who care about {value}.",
];

/// How a job description ends.
pub(crate) const JOB_CLOSE: &[&str] = &[
    "We offer flexible hours, a learning budget and a team that values {value}.",
    "Hybrid role, two or three days a week in our {city} office.",
    "Apply now, we'd love to hear from you.",
];

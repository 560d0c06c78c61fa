# Assent's member-facing words, in English. Every key here is in fr.ftl too, with the same
# variables (a test checks it). Keys are grouped by page; `-assent` and the two settings' names
# are terms shared by many messages.

-assent = Assent
setting-genai = Data for Generative AI Improvement
setting-recs = Data for AI-powered recommendations

## The page shell

page-title = { $title } | Assent
nav-main = Main
nav-home = Home
nav-network = My Network
nav-jobs = Jobs
nav-messages = Messages
nav-log-in = Log in
nav-join = Join now
me-menu-title = Me
menu-view-profile = View profile
menu-edit-profile = Edit profile
menu-settings = Settings
menu-your-data = Your data and AI
menu-log-out = Log out
gpc-notice = Your browser sent a Global Privacy Control signal, so we turned off { $settings }. You can change this at any time in { $link }.
gpc-and = { $first } and { $second }
settings-privacy-path = Settings › Data privacy
footer-policy = AI-data policy
footer-language = Language
footer-language-label = Language:
footer-about = Assent: a professional network whose AI learns only from what members allow.
notice-label = Policy notice
notice-upcoming = Assent's AI-data policy is changing: version { $version } takes effect on { $date }.
notice-current = Assent's AI-data policy { $version } applies since { $date }.
notice-read = Read the summary
notice-review = Review your settings
notice-dismiss = Dismiss
error-go-feed = Go to your feed
error-go-home = Assent home
visibility-label = Who can see this
visibility-public-anyone = Public: anyone
visibility-public = Public
visibility-connections = Connections only
visibility-connections-badge = Connections
visibility-private = Only me
on = On
off = Off
on-upper = ON
off-upper = OFF
skip-to-content = Skip to the content

## Errors

error-not-found = Not found
error-not-found-page = Page not found
error-no-page = There is no page at this address.
error-forbidden = Not allowed
error-forbidden-text = You may see this, but not change it.
error-conflict = Already done
error-check-input = Please check what you entered
error-too-many = Too many attempts
error-unavailable = Not available yet
error-no-model = This feature needs a model that has not been trained on this server yet.
error-busy = Busy
error-busy-text = The server is busy; try again in { $seconds } s.
error-internal = Something went wrong
error-internal-text = The server failed; nothing was changed. Please try again.
error-incomplete = The form is missing something it needs; go back, reload the page and try again.
error-bad-credentials = That e-mail and password do not match an account. Check both and try again.
error-throttled = Too many failed attempts. For your security, log-in is paused for this account; try again in { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}.
error-too-frequent = Too many changes of your AI-data settings in a short time; try again in { $seconds } s.
error-too-many-sign-ups = Too many accounts were created from this address; try again in { $seconds } s.
error-form-expired = This form has expired
error-form-expired-text = The form you sent did not carry a valid security token: it may be older than your current session, or it did not come from Assent. Go back, reload the page and try again.
error-too-long = Too long
error-form-too-long = The form is larger than 1 MiB.
error-method = Not allowed here
error-method-text = { $method } is not allowed on { $path }.
error-missing-thing = { $thing ->
    [member] This member does not exist, or is not visible to you.
    [post] This post does not exist, or is not visible to you.
    [position] This position does not exist, or is not visible to you.
    [message] This message does not exist, or is not visible to you.
    [policy] This policy version does not exist.
   *[other] This page does not exist, or is not visible to you.
}
error-bad-setting-value = `{ $value }` is not a setting value; use the switch on the settings page.
error-no-such-member = No such member
error-no-such-member-text = No member has the profile name `{ $handle }`. Open their profile and use its Message button.
error-field = { $field }: { $problem }

## Field names in error messages

field-name = Full name
field-email = E-mail
field-password = Password
field-region = Country
field-birth-date = Date of birth
field-language = Language
field-headline = Headline
field-about = About
field-skills = Skills
field-visibility = Visibility
field-text = Text
field-to = To
field-draft = Draft
field-title = Title
field-company = Company
field-start = Start
field-end = End
field-description = Description
field-other = This field

## What is wrong with a value

problem-empty = must not be empty
problem-too-long = is { $len } characters long; at most { $max } are allowed
problem-control = must not contain control characters
problem-not-email = `{ $value }` is not an e-mail address such as name@example.com
problem-password-length = must be 8 to 128 characters long
problem-not-country = `{ $value }` is not a two-letter country code such as FR, US or GB
problem-not-language = `{ $value }` is not a language Assent speaks
problem-not-date = `{ $value }` is not a date in the form YYYY-MM-DD
problem-one-line = must be one line
problem-invisible = must not contain the invisible formatting character { $code }
problem-nothing-visible = must show at least one visible character
problem-in-future = { $date } is in the future
problem-before-1900 = { $date } is before 1900
problem-too-young = members must be at least { $age } years old
problem-before-start = is before the start
problem-start-in-future = is in the future
problem-too-many-skills = { $given } skills given; at most { $max } are allowed
problem-skill-separator = `{ $value }`: a skill may not contain commas or line breaks
problem-post-kind = `{ $value }` is not a post, article or comment
problem-profile-field = `{ $value }` is not a single profile field
problem-post-visibility = posts are Public or Connections only
problem-no-visibility = choose who may see it (Public, Connections only or Only me)
problem-not-visibility = `{ $value }` is not a visibility; choose Public, Connections only or Only me
problem-no-parent = a comment needs the post it answers
problem-self-connection = you cannot connect to yourself
problem-self-message = you cannot message yourself
problem-negative = must be 0 or more
problem-email-taken = an account with { $value } already exists
problem-already-connected = you are already connected

## The front door

home-title = Welcome
home-heading = Welcome to your professional community — where AI learns only from what you allow.
home-intro = Assent helps you write your headline, your About section, posts and messages, and suggests people and jobs. Public profile data and what you share publicly may train that AI; your private messages never do. Two settings decide, and you can change them at any time.
home-read-policy = Read the AI-data policy
signup-title = Join
signup-heading = Join Assent
signup-name = Full name
signup-email = E-mail
signup-password = Password (8 or more characters)
signup-region = Country (two-letter code, e.g. FR, US, DE)
signup-birth-date = Date of birth (YYYY-MM-DD)
signup-language = Language of your pages
signup-policy = Under Assent's AI-data policy { $policy } (from { $date }), { $genai } and { $recs } are on by default in most countries; where the law asks for consent they start off. Private messages are never used. You can change both at any time in Settings › Data privacy.
signup-submit = Agree & join
signup-have-account = Already on Assent?
login-title = Log in
login-tagline = Stay updated on your professional world.
login-email = E-mail
login-password = Password
login-submit = Log in
login-new = New to Assent?

## The feed

feed-title = Feed
feed-connections = { $count ->
    [one] { $count } connection
   *[other] { $count } connections
}
feed-setting-state = { $setting }: { $state }
feed-start-post = Start a post
feed-post-label = What do you want to talk about?
feed-post = Post
feed-empty = Nothing here yet. Write the first post!
feed-delete = Delete
feed-welcome = Welcome to Assent, { $name }! Your AI-data settings are in the menu under your profile photo › Settings › Data privacy.
feed-posted = Your post is live.
feed-deleted = Your post was deleted, and its text erased.
feed-not-published = Your post was not published: { $reason }
draft-with-ai = Draft with AI
draft-suggestion = Here is a suggestion from Assent's writing assistant (release { $release }). Edit it as you like; nothing is saved until you do. Draft again for another one.
draft-unavailable = Sorry, the writing assistant is not available yet: no writing model has been trained on this server. You can still write it yourself.

## Profiles

profile-edit-title = Edit profile
profile-edit-heading = Edit your profile
profile-edit-intro = Each field has its own audience. Only fields set to { $public } appear on your public page, and only public fields can ever train Assent's AI (if your settings allow it).
profile-see-public = See your public profile
profile-headline = Headline
profile-about = About
profile-skills = Skills (separated by commas)
profile-clearing = Clearing a field deletes it, and its text is erased.
profile-save = Save profile
profile-experience = Experience
profile-no-experience = No experience yet.
profile-add-position = Add a position
profile-title = Title
profile-company = Company
profile-start = Start (YYYY-MM-DD)
profile-end = End (YYYY-MM-DD; empty if current)
profile-what-you-did = What you did
profile-add = Add
profile-saved = Saved.
profile-not-saved = Nothing was saved: { $reason }
profile-position-not-added = The position was not added: { $reason }
public-member-since = Member since { $date }
public-own = This is your public profile: only fields you set to Public appear here.
public-connect = Connect
public-connected = Connected
public-message = Message
public-about = About
public-experience = Experience
public-skills = Skills
public-posts = Posts
public-no-posts = No public posts yet.
public-post-title = { $name } on Assent: { $text }

## Messages

messages-title = Messaging
messages-private = Private messages are never used to train AI.
messages-none = No conversations yet.
messages-former-member = A former member
messages-you-prefix = You: { $text }
messages-erased = (erased)
messages-new = New message
messages-to = To (their profile name, as in /in/…)
messages-message = Message
messages-send = Send
messages-with = Messages with { $name }
messages-empty-thread = No messages yet. Say hello!
messages-you = You
messages-write = Write a message
messages-not-sent = Not sent: { $reason }

## My Network and Jobs

network-title = My Network
network-connected = You are now connected with { $name }.
network-sent = Invitation sent to { $name }.
network-invitations = Invitations
network-accept = Accept
network-suggestions = People you may know
network-ranked-model = Ranked with the recommendations model of release { $release } and your mutual connections.
network-ranked-plain = Ranked by mutual connections and shared employers (no recommendations model is live yet).
network-no-suggestions = No suggestions yet: connect with a few people first.
network-connect = Connect
network-your-connections = Your connections ({ $count })
network-none = None yet.
network-message = Message
reason-mutual = { $count ->
    [one] { $count } mutual connection
   *[other] { $count } mutual connections
}
reason-worked-at = also worked at { $company }
reason-shared-skills = shared skills: { $skills }
reason-job-title = related to your title
reason-job-matches = matches: { $skills }
jobs-title = Jobs
jobs-search-label = Search jobs
jobs-search-placeholder = Search by title, skill or company
jobs-search = Search
jobs-recommended = Recommended for you
jobs-matched = Matched to the skills on your profile by the recommendations model of release { $release }.
jobs-no-match = No match yet: add skills to your profile.
jobs-matching = Postings matching “{ $query }”
jobs-newest = Newest postings
jobs-no-model = Personal job suggestions are not available yet: no recommendations model has been trained on this server. Here are the newest postings instead.
jobs-none = No postings found.
jobs-skills = Skills: { $skills }

## Settings

settings-title = Settings
settings-account = Account
settings-name = Name
settings-email = E-mail
settings-country = Country
settings-member-since = Member since
settings-edit-profile = Edit your profile
settings-language = Language
settings-language-intro = The language of Assent's pages and e-mails.
settings-language-browser = As my browser asks ({ $lang })
settings-language-save = Save language
settings-language-saved = Saved: your pages are now in English.
settings-data-privacy = Data privacy
settings-data-privacy-intro = How Assent uses your data for AI, and your choices.
privacy-how = How Assent uses your data
privacy-genai-what = Training the AI that helps members write headlines, About sections, posts and messages
privacy-recs-what = Training the models behind connection and job suggestions
privacy-your-data-what = Your choices over time, the policy that applies to you, and which of your items trained which model
privacy-policy-what = The rules in force, in plain words
basis-legitimate-interest = ON by default (legitimate interest: you can opt out)
basis-consent = OFF by default (we need your consent: you can opt in)
source-event = You chose this on { $when } ({ $how }).
source-default-on = You have not changed it: this is the default for members in { $region } under policy { $policy }, on by default.
source-default-off = You have not changed it: this is the default for members in { $region } under policy { $policy }, off until you turn it on.
source-no-policy = No policy is in force, so nothing may be used.
method-web = on the website
method-api = through the API
method-import = imported
method-gpc = Global Privacy Control signal from your browser
method-default = region default, recorded
toggle-saved = Saved: { $setting } is now { $value }.
toggle-saved-at = Saved: { $setting } is now { $value }. Recorded on { $when }.
toggle-back = ‹ Back to Data privacy
toggle-use-genai = Use my data for training content creation AI models
toggle-use-recs = Use my data for training the models behind suggestions
toggle-currently = Currently { $value }
toggle-covers = What it covers
toggle-genai-covers = When this is on, Assent may use your data to train the generative AI that helps members write: headlines, About sections, posts and message replies.
toggle-recs-covers = When this is on, Assent may use your data to train the models that suggest people you may know and jobs that fit.
toggle-covered = { $label } your public profile (headline, About, experience and skills, when set to Public) and the posts, articles and comments you share publicly.
toggle-covered-label = Covered:
toggle-never = { $label } your private messages, your e-mail address, phone number, date of birth, password and payment details, and anything you share only with your connections or keep to yourself.
toggle-never-label = Never covered:
toggle-min-age = Members under { $age } are never included, whatever this setting says.
toggle-default = Your default
toggle-default-text = Under Assent's policy { $policy }, this setting is { $basis } for members in { $region }.
toggle-default-text-from = Under Assent's policy { $policy } (in force from { $date }), this setting is { $basis } for members in { $region }.
toggle-change-back = You can change it back at any time
toggle-change-back-text = Turn it off or on as often as you like. Every change is recorded with its date, and you can see them all in { $link }.
toggle-off-does = What turning it off does
toggle-off-future = Your data is left out of every future training run.
toggle-off-unlearn = Models already trained with your data forget it: Assent trains each model in shards, and the shards that learned from your data are retrained without it and replaced, usually within minutes (exact unlearning). { $link } shows when your items were removed.
toggle-off-crawlers = Your public profile and posts tell outside crawlers not to use them for AI training (robots.txt, Content-Usage and TDM reservation signals).
toggle-off-keep = You keep using every AI feature, like everyone else.

## Your data and AI

data-title = Your data and AI
data-intro = What Assent may do with your data, what you chose, and where your data went.
data-settings = Your settings
data-change = Change
data-history = Your choices over time
data-no-history = You have not changed either setting: the defaults of the policy apply.
data-when = When
data-setting = Setting
data-set-to = Set to
data-how = How
data-policy = Policy
data-policy-applies = The policy that applies to you
data-policy-line = Policy { $policy }, in force since { $date }.
data-policy-basis = { $setting }: { $basis } in { $region }.
data-read-policy = Read the policy summary
data-no-policy = No policy is in force: none of your data may be used.
data-notices = Policy notices shown to you
data-first-shown = First shown
data-dismissed = Dismissed
data-where = Where your data went
data-no-training = This server keeps no training data: no dataset or model has used your data.
data-datasets = Datasets
data-no-datasets = No dataset has been exported yet.
data-dataset = Dataset
data-purpose = Purpose
data-as-of = As of
data-your-items = Your items
data-used = { $count } used
data-none = none
data-releases = Model releases
data-no-releases = No model has been trained yet.
data-release = Release
data-published = Published
data-removed-in = Removed in this release
data-live = live
data-shard = (shard { $shard })
data-removed-on = { $count } removed on { $when }
data-and-more = and { $count } more
data-item-text = { $kind } #{ $id }: “{ $text }”
data-item-deleted = { $kind } #{ $id } (deleted, text erased)
data-item = item #{ $id }
kind-headline = Headline
kind-about = About
kind-experience = Experience
kind-skills = Skills
kind-post = Post
kind-article = Article
kind-comment = Comment

## The policy pages

policy-title = Policy { $version }
policy-heading = AI-data policy { $version }
policy-in-force-from = In force from { $date }.
policy-in-short = In short
policy-never-used = Private messages, e-mail addresses, phone numbers, dates of birth, passwords and payment details are never used.
policy-public-only = Only what is public can be used, and only while it is public.
policy-min-age = Members under { $age } are never included.
policy-pre-in-scope = Content created before { $date } is in scope.
policy-pre-not-used = Content created before { $date } is not used.
policy-gpc-opt-out = A Global Privacy Control signal from your browser counts as an opt-out.
policy-gpc-not = A Global Privacy Control signal from your browser is not treated as an opt-out.
policy-what = What may be used
policy-defaults = Defaults by region
policy-where = Where
policy-elsewhere = Everywhere else
policy-you-are-in = You are in { $region }.
policy-as-code = The policy as code
policy-summary-language = The policy's own summary, as its authors wrote it:
policy-all-versions = All versions
policy-from = { $version } — from { $date }
policy-in-force = in force
policy-upcoming = upcoming

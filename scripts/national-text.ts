/**
 * Phrase banks for the national synthetic programme (scripts/seed-national.ts):
 * what clinical leads commit to, learn and run into, in their own voice.
 *
 * Each bank belongs to one codebook theme (db/codebook.ts), so the seeder
 * knows the themes of every text it writes without a tagger; a phrase may
 * name further themes it also expresses (`also`). The untagged bank holds
 * everyday items with no theme and a few topics the codebook does not cover
 * (menopause, violence and aggression, neurodivergent colleagues, long COVID,
 * travel to work), the material new themes are proposed from.
 *
 * Templates take slots in braces ({team}, {manager}, ...). `{name}` is a
 * colleague's first name: the original text gets a name, the de-identified
 * text "[name]", as the redactor would write it; `{phone}` likewise.
 */

export type Phrase = string | { text: string; also: string[] };
export type Bank = { actions: Phrase[]; learned: Phrase[]; obstacles: Phrase[] };

export const THEME_PHRASES: Record<string, Bank> = {
  "peer-support": {
    actions: [
      "set up a {period} peer support huddle for {team}",
      "pilot Schwartz Rounds in my department with the chaplaincy team",
      "train as a Mental Health First Aider and let {team} know I'm available",
      "start a buddying scheme so every new starter on {team} has a named peer",
      "find a room we can keep as a safe space to talk after difficult shifts",
      "ask {name} to co-run a peer support group for the band 5 and 6 nurses",
      "book {team} onto Psychological First Aid training",
      "put a ten-minute check-in at the end of {meeting} where people can talk about how they are",
    ],
    learned: [
      "People open up far more to a peer than to a manager; the huddle works because it isn't me running it.",
      "The Schwartz Round was full and people asked when the next one is, so there is clearly an appetite.",
      "Buddying new starters has taken pressure off me: they go to their buddy first.",
      "Having a Mental Health First Aider on every shift matters more than having lots of them on days.",
      "A safe space only feels safe if senior people don't drop in to check on it.",
      "Peer support needs a regular slot in the rota or it quietly disappears.",
    ],
    obstacles: [
      "The huddles kept getting cancelled whenever the unit was busy, which is exactly when they're needed.",
      { text: "Nobody could be released from the floor to attend the peer support group.", also: ["workload-and-rest"] },
      "The room we were promised for the safe space was taken back for clinics.",
      "Only the people who were already coping came to the first session.",
      "Funding for Mental Health First Aid places ran out before our team's turn.",
    ],
  },
  "clinical-supervision": {
    actions: [
      "protect an hour a month of clinical supervision for each of my band 6s",
      "restart group reflective practice for {team} on a {period} basis",
      "ask {manager} to agree protected time for restorative supervision",
      "get my own supervision back in the diary after letting it slip",
      "set up pastoral support sessions for the junior doctors on my rota",
      "try restorative clinical supervision with the Professional Nurse Advocate",
      "write supervision time into the e-roster so it stops being the first thing to go",
    ],
    learned: [
      "Reflective practice is only protected if it's in the rota; otherwise it's the first thing to go.",
      "Restorative supervision with the PNA helped me more than I expected; I'd been running on empty.",
      "The juniors valued the pastoral sessions mostly because someone senior asked how they were.",
      "Group supervision surfaced the same worries from several people, which told me it's a team issue.",
      "I've realised I can't supervise others well when I'm not getting any supervision myself.",
    ],
    obstacles: [
      { text: "Supervision time was cancelled three times because of staffing gaps.", also: ["workload-and-rest"] },
      "There aren't enough trained supervisors for the size of the team.",
      "Some staff see supervision as being checked up on rather than supported.",
      "Managerial supervision keeps swallowing the time meant for reflective practice.",
      "The Professional Nurse Advocate covers four sites and couldn't fit us in this month.",
    ],
  },
  "psychological-support-access": {
    actions: [
      "map the referral routes to our staff mental health and wellbeing hub and share them with {team}",
      "find out the current waiting times for staff talking therapies and tell {manager}",
      "put the self-referral details for the wellbeing hub on the staffroom board and in the handover sheet",
      "check whether our Employee Assistance Programme actually answers out of hours",
      "ask the wellbeing hub to come and talk to {team} about how rapid access works",
      "make sure {team} know they can refer themselves to counselling without going through me",
      "speak to {name} at the hub about a fast-track route for staff after serious incidents",
    ],
    learned: [
      "Most of the team didn't know they could self-refer to the hub; once they did, two people went.",
      "The EAP line is fine for practical things but people wanted someone who understands clinical work.",
      "Waiting times for staff counselling are shorter than I'd assumed, which is worth saying out loud.",
      "Having one clear referral route beats a long list of services nobody reads.",
      "Talking therapies through IAPT felt too public for some staff; the hub felt more confidential.",
    ],
    obstacles: [
      "The wellbeing hub has a six-week waiting list for assessment.",
      "The EAP number on our intranet was out of date.",
      { text: "People worry that a referral will end up on their HR record.", also: ["help-seeking-and-stigma"] },
      "The hub's hours don't suit night staff at all.",
      "Counselling through the hub is limited to six sessions, which isn't enough for some.",
    ],
  },
  "occupational-health": {
    actions: [
      "review how we handle occupational health referrals so they go in within a week",
      "agree a phased return plan with a colleague coming back after long-term sickness absence",
      "meet {manager} and HR to make reasonable adjustments routine rather than a battle",
      "ask occupational health to run a session for ward managers on return to work",
      "keep in touch with the two people on sickness absence, as agreed with them",
      "check fitness for work advice is being followed when people come back",
      "ring OH on {phone} to chase the report for a colleague's adjustments",
    ],
    learned: [
      "A phased return that the person helped design went far better than the standard template.",
      "Reasonable adjustments were simpler than I'd feared; mostly it was a change of shift pattern.",
      "Early OH referral made a real difference; waiting until week four was too late last time.",
      "Keeping in touch during sickness absence works when it's about them, not about when they're back.",
      "Return-to-work conversations go better when I've read the OH advice properly first.",
    ],
    obstacles: [
      "The occupational health referral took five weeks to be seen.",
      "HR and OH gave us conflicting advice on the phased return.",
      { text: "We couldn't offer the adjustments because there was nobody to backfill the shifts.", also: ["workload-and-rest"] },
      "The sickness absence policy pushes formal stages before we've had a proper conversation.",
      "OH reports arrive too vague to act on.",
    ],
  },
  "workload-and-rest": {
    actions: [
      "make sure everyone on {team} gets a proper break every shift, starting with me",
      "look at the rota with {manager} to stop people doing more than three long days in a row",
      "raise our staffing gaps formally at {meeting} with the numbers",
      "protect annual leave requests over the summer so nobody goes a year without a break",
      "set up a rest area on the unit where people can actually sit down",
      "track how often we miss breaks for a month so I have evidence",
      "stop sending emails after 8pm and ask {team} to do the same",
      "agree a fair way to share the extra shifts so it isn't always the same people",
    ],
    learned: [
      "Once I took my own break openly, others started doing the same.",
      "Tracking missed breaks gave me numbers the directorate couldn't ignore.",
      "Rota pressure eases when the team can see the gaps early and swap among themselves.",
      "The fatigue isn't from one bad week; it's months of running short, and that needed saying.",
      "A rest area doesn't need to be fancy; a kettle and a door that closes made the difference.",
      "People burn out from the hours long before they say anything.",
    ],
    obstacles: [
      "We were short four nurses most of the month, so breaks were the first thing to go.",
      "Agency shifts were cut, which left the rota with gaps every weekend.",
      "Winter pressures meant every spare minute went on patient flow.",
      "I was pulled into escalation meetings almost every day.",
      "Annual leave is booked up by March, so people can't get a break when they need one.",
      "The workload is simply more than the establishment was built for.",
    ],
  },
  "redeployment-and-rotation": {
    actions: [
      "check in weekly with the staff redeployed to critical care from {team}",
      "set up a rotation so nobody stays on the high-acuity bay for more than a month at a time",
      "make sure redeployed staff have an induction and a named contact on their new ward",
      "talk to {manager} about rotating people out of the front door after a run of hard shifts",
      "write down what support redeployed colleagues wanted so we're ready next time",
      "ask staff working outside their usual role what would help them feel safe",
    ],
    learned: [
      "Redeployed staff felt abandoned by their home team more than by the new one.",
      "Rotating from high-stress to lower-stress work helped, as long as it wasn't seen as a punishment.",
      "A named contact on the receiving ward mattered more than any training pack.",
      "People working outside their training need permission to say 'I don't know how to do this'.",
      "Being asked before being moved made a big difference to how people felt about redeployment.",
    ],
    obstacles: [
      "Redeployment decisions were made centrally with a day's notice.",
      "There were no lower-stress roles to rotate into this winter.",
      "The receiving ward had no time to induct the staff we sent.",
      "Some staff refused to rotate because they'd lose their enhancements.",
      "I lost track of who was redeployed where.",
    ],
  },
  "compassionate-leadership": {
    actions: [
      "start each shift handover by asking one person how they are, and listening to the answer",
      "ask for 360 feedback on how I come across as a leader",
      "take up the offer of coaching for leaders through the trust",
      "challenge incivility in {meeting} when I see it, rather than after",
      "use the just culture guide before we start any investigation on {team}",
      "hold a listening session so {team} can tell me what makes it feel unsafe to speak up",
      "notice when I'm short with people and apologise when I get it wrong",
      "model compassionate leadership by admitting when I'm struggling",
    ],
    learned: [
      "When I admitted I was struggling, two of the team told me they were too.",
      "Psychological safety grows from small things, like thanking people for raising concerns.",
      "The 360 feedback said I'm approachable but always rushing; that landed.",
      "Coaching helped me see how much of my stress I pass on to the team.",
      "Calling out incivility on the spot changed the tone of the meeting.",
      "Using the just culture guide turned a blame conversation into a learning one.",
    ],
    obstacles: [
      "The senior team's behaviour undoes a lot of what we try to build.",
      "I didn't have the headspace to be compassionate when I was firefighting all week.",
      "Coaching sessions were only available in working hours I couldn't free up.",
      "Some consultants see civility work as soft and don't engage.",
      { text: "There's still a blame culture after incidents, whatever the policy says.", also: ["trauma-and-debriefing"] },
    ],
  },
  "help-seeking-and-stigma": {
    actions: [
      "talk openly in {meeting} about the time I used the wellbeing service",
      "make it clear to {team} that asking for help won't go on their record",
      "find out exactly what the hub shares with managers so I can reassure people about confidentiality",
      "share my own experience of anxiety with {team} to chip away at the stigma",
      "ask the GMC and NMC liaison what actually gets reported to the regulator",
      "put up posters that say it's ok not to be ok, with the confidential numbers on them",
      "check in privately with {name}, who I think is struggling but won't ask for help",
    ],
    learned: [
      "Speaking about my own experience gave others permission to do the same.",
      "The fear of the regulator finding out is much bigger than the real risk, but it's very real to people.",
      "Doctors in particular won't ask for help if they think it will affect their career.",
      "Knowing the service is confidential was the thing that got someone through the door.",
      "Stigma is worse among senior staff than among students and new starters.",
    ],
    obstacles: [
      "People are reluctant to ask for help in front of colleagues.",
      "Staff don't trust that the hub won't tell their manager.",
      "A colleague said she'd never risk it because of what happened to someone at her last trust.",
      "There's a 'just get on with it' culture on the unit that's hard to shift.",
      "I wasn't ready to talk about my own mental health in front of the team after all.",
    ],
  },
  "trauma-and-debriefing": {
    actions: [
      "set up a hot debrief after every cardiac arrest and death on the unit",
      "get two of {team} trained as TRiM practitioners",
      "arrange a facilitated debrief for the team after last month's serious incident",
      "find out what support is available for staff with PTSD symptoms after traumatic incidents",
      "talk with {team} about moral injury, the distress of not being able to give the care we want",
      "make sure staff involved in a critical incident get a follow-up call a week later",
    ],
    learned: [
      "A short hot debrief straight after the incident helped more than a formal meeting weeks later.",
      "TRiM gave us a structure; people knew someone would check on them at a month.",
      "Naming moral injury helped the team understand why they felt so awful after the corridor care.",
      "Some of the team were still affected by an incident from two years ago.",
      "The follow-up call a week after the incident caught two people who weren't coping.",
    ],
    obstacles: [
      "After the incident there was pressure to get straight back to work with no time to debrief.",
      "Nobody on the unit is trained to lead a critical incident debrief.",
      "The serious incident investigation started before anyone checked on the staff involved.",
      "TRiM training was cancelled twice.",
      "People didn't want to relive the incident in a group.",
    ],
  },
  bereavement: {
    actions: [
      "set up a space for {team} to remember the patients we lost this winter",
      "check in with {name} after the death of their father and agree what support would help",
      "find out what culturally appropriate bereavement support the trust offers staff",
      "organise a remembrance gathering for the colleague we lost",
      "make sure staff who lose a long-term patient get time to grieve",
      "ask the chaplaincy team to run a session on grief for {team}",
    ],
    learned: [
      "Remembering patients together helped the team more than I expected.",
      "Grief after the death of a colleague stays with a team for months, not weeks.",
      "Bereavement support has to respect different faiths and customs or people won't use it.",
      "A simple card and a conversation meant a lot to someone grieving a family member.",
      "Staff grieve long-term patients, and we rarely acknowledge it.",
    ],
    obstacles: [
      "The trust's bereavement leave policy is very narrow.",
      "The remembrance service clashed with the busiest day of the week.",
      "We didn't know who to ask for bereavement support in their own language.",
      "It felt intrusive to raise grief with someone who hadn't mentioned it.",
      "There was no time to stop and mark the loss before the next patient.",
    ],
  },
  "inequalities-and-at-risk-groups": {
    actions: [
      "meet the trust's BAME staff network to hear what our team's experience is",
      "check that agency and bank staff get the same wellbeing offer as permanent staff",
      "pair our newly qualified staff with experienced colleagues for the first six months",
      "ask the LGBT+ network to review our team's welcome pack",
      "look at risk assessments for staff who were shielding to see what still applies",
      "make sure disabled colleagues on {team} are asked what they need rather than told",
      "find out whether international recruits on {team} feel included",
    ],
    learned: [
      "Staff from ethnic minority backgrounds described experiences I hadn't seen from where I sit.",
      "Agency staff had never been told about the wellbeing hub.",
      "Less experienced staff are the most vulnerable to burnout and the least likely to say so.",
      "The staff networks are a great source of insight if you go and listen.",
      "International colleagues felt isolated outside work, not just on shift.",
    ],
    obstacles: [
      "Bank and agency staff change so often it's hard to reach them.",
      "The staff network meets at a time clinical staff can't make.",
      "People were wary of talking about discrimination with a manager in the room.",
      "There's no data on our team by ethnicity or disability to start from.",
      "The induction for international nurses is run centrally and we don't see it.",
    ],
  },
  "team-communication": {
    actions: [
      "start a {period} five-minute team briefing so everyone hears the same message",
      "cut down the all-staff emails and put the essentials in one weekly update",
      "use the safety huddle to share good news as well as risks",
      "make handovers a chance to check how the outgoing shift is doing",
      "set up a team WhatsApp for rota changes only, with rules about out-of-hours messages",
      "ask {team} what information they're missing and how they want to get it",
    ],
    learned: [
      "One clear weekly update reduced the mixed messages a lot.",
      "Information overload was as stressful for the team as not knowing.",
      "Handovers became more supportive once we added one question about how people were.",
      "People trust a message more when it comes from me in person than by email.",
      "The team wanted fewer messages, not more.",
    ],
    obstacles: [
      "Different managers kept giving the team mixed messages.",
      "Night staff never get the briefings.",
      "Trust-wide emails drown out anything local.",
      "The WhatsApp group turned into a place for complaints.",
      "I couldn't keep the weekly update going when I was on leave.",
    ],
  },
  "training-and-awareness": {
    actions: [
      "book myself onto the mental health awareness course for managers",
      "run a short session for {team} on recognising signs of stress in each other",
      "get the band 7s trained to hold wellbeing conversations",
      "add a wellbeing conversation to every appraisal on {team}",
      "find training on spotting burnout that works for busy clinical staff",
      "ask {manager} to make stress awareness part of the leadership programme",
    ],
    learned: [
      "Managers want to have wellbeing conversations but are scared of saying the wrong thing.",
      "Training on recognising stress gave the team a shared language.",
      "The best wellbeing conversations are person-centred, not a checklist.",
      "A short practical session worked better than the e-learning module.",
      "After the training two people came to me about colleagues they were worried about.",
    ],
    obstacles: [
      "Training days were cancelled because of staffing.",
      "The course was oversubscribed and we were waitlisted.",
      "E-learning on mental health awareness was just clicked through.",
      "Some managers don't think wellbeing conversations are their job.",
      "There is no budget for training this year.",
    ],
  },
  "team-cohesion": {
    actions: [
      "organise a team breakfast to thank everyone for getting through winter",
      "start a 'thank you' board on the unit for people to recognise each other",
      "bring day and night staff together once a quarter so we feel like one team",
      "nominate {team} for the trust's staff awards",
      "arrange team rest breaks together once a week, even just fifteen minutes",
      "make sure every new starter feels welcome in their first week",
      "thank {name} properly, in front of the team, for covering all those extra shifts",
    ],
    learned: [
      "Recognition doesn't need to be big; people remember being thanked by name.",
      "Bringing day and night staff together broke down a lot of us-and-them.",
      "The team feels valued when their ideas are actually used.",
      "A sense of belonging keeps people here more than pay does.",
      "The thank-you board filled up in a week and people still read it.",
    ],
    obstacles: [
      "Half the team couldn't come because of the rota.",
      "The team is split across three sites, so it's hard to feel like one team.",
      "A conflict between two senior staff has split the team.",
      "Recognition schemes feel hollow when people are this tired.",
      "So many agency staff that there's no stable team to build.",
    ],
  },
  "self-care-and-boundaries": {
    actions: [
      "leave work on time at least three days a week",
      "take my full lunch break away from my desk",
      "get back to running twice a week",
      "stop checking emails on my days off",
      "practise saying no to extra commitments that don't need me",
      "protect my sleep by not picking up any more night shifts this month",
      "book the annual leave I've been putting off",
      "be kinder to myself when things don't go to plan",
    ],
    learned: [
      "Saying no was easier than I'd imagined, and nobody fell over.",
      "Switching off after work needs a ritual; the walk home does it for me.",
      "When I look after myself I'm a better leader; it isn't selfish.",
      "My sleep was the first thing to suffer and the last thing I noticed.",
      "Self-compassion sounded soft until I tried it after a bad shift.",
      "Exercise helps, but only if it's in the diary like a meeting.",
    ],
    obstacles: [
      "I got pulled back in every time I tried to leave on time.",
      "Guilt about leaving the team short kept me from taking breaks.",
      "Family commitments meant there was no time left for me.",
      "I checked emails anyway because I was worried I'd miss something.",
      "I was off sick with a chest infection for a week, which rather proved the point.",
    ],
  },
  "family-and-caring": {
    actions: [
      "talk to {manager} about flexible hours while my mother is in hospital",
      "find out what the trust offers staff juggling childcare over the school holidays",
      "make sure colleagues with caring responsibilities can request predictable shifts",
      "set up a carers' group for staff looking after relatives",
      "support {name} with a flexible working request so she can manage the school run",
    ],
    learned: [
      "A lot of the team are carers and had never said so.",
      "Predictable shifts matter more to carers than fewer shifts.",
      "Being separated from family during the pandemic still affects people.",
      "Flexible working requests are much easier when they're planned together.",
      "Childcare costs are pushing people to drop hours.",
    ],
    obstacles: [
      "The rota system can't handle so many flexible working patterns.",
      "Holiday childcare schemes filled up before staff could book.",
      "My own caring responsibilities left no time for the action.",
      "The flexible working policy takes months to get a decision.",
      "Staff worry about protecting vulnerable relatives from infection.",
    ],
  },
  "practical-and-social-support": {
    actions: [
      "put information about financial wellbeing and debt advice where staff will see it",
      "find out if the trust can help staff with housing costs near the hospital",
      "make sure {team} know where to get confidential advice about domestic abuse",
      "ask HR about salary advances for staff in financial difficulty",
      "connect international colleagues with immigration status advice",
      "set up a food and essentials cupboard for staff struggling with the cost of living",
    ],
    learned: [
      "Money worries are behind more of the stress on the team than I'd realised.",
      "Staff struggling with debt feel ashamed and won't ask their manager directly.",
      "Several colleagues couldn't afford to live near work and were commuting for hours.",
      "Domestic abuse advice needs to be discreet and easy to find.",
      "Visa worries were a constant background stress for some of our international staff.",
    ],
    obstacles: [
      "The trust's financial support scheme has strict criteria.",
      "People didn't want to be seen taking from the essentials cupboard.",
      "No affordable housing scheme exists in our area.",
      "Immigration advice is only available through a service with a long wait.",
      "It's hard to raise money worries in a one-to-one without it feeling intrusive.",
    ],
  },
  "working-environment": {
    actions: [
      "get the broken chairs and lockers in the staff room replaced",
      "push for a fit-for-purpose rest facility on the unit",
      "make sure {team} have PPE that actually fits",
      "raise the slow computers at {meeting} as a wellbeing issue, not just an IT one",
      "fix the ventilation in the staff room before the summer",
      "ask estates for somewhere to change and shower after a long shift",
    ],
    learned: [
      "The physical environment affects morale far more than we admit.",
      "A working computer on every shift saved hours of frustration.",
      "Fit-tested PPE that fits properly made staff feel looked after.",
      "Small fixes to the staff room showed the team we were listening.",
      "The infection control burden wears people down on top of everything else.",
    ],
    obstacles: [
      "Estates have a six-month backlog.",
      "There's no space on the unit for a rest room.",
      "IT equipment requests need capital funding we don't have.",
      "Infection control rules changed again this month.",
      "The building is too old for the fixes we need.",
    ],
  },
  "remote-and-digital-working": {
    actions: [
      "keep one team meeting a month face to face so people working from home stay connected",
      "set camera-off and no-meeting blocks to cut down digital fatigue",
      "check in by phone with the colleagues who work from home most of the week",
      "agree rules for virtual meetings, including a proper break between them",
      "make sure remote staff are invited to team events, not just on-site people",
    ],
    learned: [
      "Back-to-back virtual meetings were exhausting everyone, not just me.",
      "People working from home felt isolated from the team and out of the loop.",
      "A phone call feels more personal than another video call.",
      "No-meeting blocks gave me time to think for the first time in months.",
      "Hybrid working needs deliberate effort to keep the team together.",
    ],
    obstacles: [
      "The diary filled with virtual meetings anyway.",
      "Home broadband made video calls hard for some of the team.",
      "Remote colleagues couldn't make face-to-face meetings because of travel.",
      "Our digital systems don't work properly from home.",
      "I spent all day on Teams and still felt disconnected.",
    ],
  },
  "wellbeing-strategy-and-governance": {
    actions: [
      "ask the board wellbeing guardian to come and meet {team}",
      "make the case at {meeting} for ring-fenced funding for staff wellbeing",
      "get staff wellbeing onto the divisional board agenda as a standing item",
      "pull together our staff survey and sickness data so we can see the wellbeing picture",
      "link up with the wellbeing lead in the neighbouring trust to share what works across the system",
      "make sure our wellbeing strategy has measures, not just promises",
    ],
    learned: [
      "Board sponsorship opened doors that had been shut for years.",
      "The data on staff wellbeing told a clearer story than any anecdote.",
      "Working across organisations in the ICS meant we didn't have to reinvent everything.",
      "Without ring-fenced funding, wellbeing is the first thing cut.",
      "The wellbeing strategy only matters if someone is held to account for it.",
    ],
    obstacles: [
      "Wellbeing funding was cut in the new financial year.",
      "The board agenda was full and we were pushed to next quarter.",
      "Nobody owns the wellbeing strategy at divisional level.",
      "The staff survey data came too late to act on.",
      "Partnership working stalled when the ICS lead changed.",
    ],
  },
  "retention-and-career": {
    actions: [
      "have stay conversations with the three people I think are thinking of leaving",
      "review exit interviews from the last year to see why people left",
      "talk to {name} about a career development plan before she gives up and moves on",
      "look at options for retire and return for the senior nurses about to retire",
      "set up a development pathway for band 5s so they can see a future here",
      "ask {manager} about flexible retirement options for experienced staff",
    ],
    learned: [
      "Stay conversations told me more than exit interviews ever did.",
      "People leave because they feel stuck, not just because they're tired.",
      "Retire and return kept two experienced colleagues who would otherwise have gone.",
      "Career development is a wellbeing issue; hope matters.",
      "Intention to leave drops when people feel someone is invested in them.",
    ],
    obstacles: [
      "There are no band 6 posts to develop people into.",
      "Exit interviews aren't done consistently, so the data is patchy.",
      "Pension rules put people off retire and return.",
      "Two people handed in their notice before we'd talked.",
      "Development funding was frozen.",
    ],
  },
};

/** Items with no theme: everyday ones, and topics the codebook does not (yet) cover. */
export const UNTHEMED: Bank = {
  actions: [
    "write up my notes from the set and decide what to focus on next",
    "block out an afternoon to plan the next quarter",
    "finish the business case I've been carrying around for weeks",
    "meet {name} to hand over the audit project properly",
    "read the two articles the set recommended and try one idea",
    "sort out my inbox so I can find what matters",
    "get the team's objectives agreed before appraisal season",
    "find out who owns the policy so I can stop guessing",
    "ask about a menopause support group for staff on {team}",
    "find a cooler uniform option for colleagues going through the menopause",
    "talk to {manager} about menopause awareness for line managers",
    "report every episode of violence and aggression from patients this month so we have the real numbers",
    "ask security to review the lone working arrangements after the assault on the unit",
    "set up a conflict resolution refresher after the abuse the reception team has had",
    "find out how to support neurodivergent colleagues with the way we run handovers",
    "ask {name} what would make the rota easier to manage with her ADHD",
    "check in with the colleagues still off with long COVID",
    "find out what the trust offers staff with long COVID coming back to work",
    "raise the car parking problem again with the site team",
    "look into a lift-share scheme for staff on early shifts",
  ],
  learned: [
    "Writing things down helped me see what I can actually change.",
    "I try to do too much at once; one thing properly works better.",
    "Asking directly got an answer in a day after months of waiting.",
    "The set helped me see the problem from the other side.",
    "Menopause is hardly talked about on the unit, and several colleagues were relieved someone raised it.",
    "Abuse from patients and relatives has become normal to staff, and it shouldn't be.",
    "Small changes to how we give information made a big difference for our autistic colleague.",
    "Long COVID is still affecting more of the team than I'd realised.",
    "The commute is wearing people out before their shift even starts.",
  ],
  obstacles: [
    "I didn't get to it this month.",
    "It turned out to be much bigger than I'd thought.",
    "The person I needed was on leave.",
    "Other priorities got in the way.",
    "I was waiting for a decision from above that never came.",
    "The policy is under review so nothing can change yet.",
    "The menopause policy doesn't cover the practical things people asked for.",
    "Incidents of aggression aren't being reported because staff think nothing happens.",
    "Security cover at night has been cut.",
    "There's no guidance on supporting neurodivergent staff in clinical roles.",
    "The site team says there's nothing they can do about parking.",
  ],
};

export const DROP_REASONS = [
  "Dropped: it's been overtaken by a trust-wide programme.",
  "No longer relevant since I changed roles.",
  "The set helped me see this wasn't the right action.",
  "Dropped for now; I'll come back to it after the restructure.",
  "Someone else in the directorate has picked this up.",
  "I've replaced it with something more realistic.",
  "The service has been reconfigured, so this doesn't apply any more.",
  "I decided to focus on one thing instead of three.",
];

export const SLOTS: Record<string, string[]> = {
  team: [
    "my team",
    "the ward team",
    "our nursing team",
    "the junior doctors on my rota",
    "the ED team",
    "our community nursing team",
    "the theatre team",
    "our practice team",
    "the crew at my station",
    "the midwives on delivery suite",
    "the pharmacy team",
    "the therapies team",
    "our night staff",
    "the outpatient team",
    "the ICU team",
    "my band 6s",
    "the health visiting team",
    "the district nurses",
    "our reception staff",
    "the mental health liaison team",
    "the acute medical unit",
    "the crisis team",
  ],
  manager: [
    "my line manager",
    "our divisional director",
    "the head of nursing",
    "the clinical director",
    "my matron",
    "our practice manager",
    "the service manager",
    "the medical director",
    "our HR business partner",
    "the chief nurse",
    "the operations manager",
    "the associate director of nursing",
  ],
  meeting: [
    "our team meeting",
    "the monthly governance meeting",
    "the safety huddle",
    "the divisional board",
    "the next staff forum",
    "the band 7 meeting",
    "the directorate meeting",
    "the practice meeting",
  ],
  period: ["weekly", "fortnightly", "monthly"],
  name: [
    "Julie", "Sam", "Priya", "Dave", "Aisha", "Gemma", "Tom", "Nia", "Kwame", "Claire", "Bogdan", "Fiona", "Rashid", "Hannah",
    "Carlos", "Sinead", "Mo", "Bethan", "Tunde", "Lorraine", "Kiran", "Megan", "Ade", "Joanne",
  ],
  phone: ["0161 496 0000", "0113 496 0321", "020 7946 0718", "0117 496 0555", "0121 496 0888"],
};

const ACTION_OPENERS = [
  "I will ",
  "I'll ",
  "I'm going to ",
  "My action: ",
  "Before we next meet I will ",
  "I've agreed to ",
  "Next month I'll ",
  "I want to ",
  "",
  "",
  "",
];
const ACTION_CLOSERS = [
  "",
  "",
  "",
  " by the end of the month",
  " before our next set meeting",
  " within the next six weeks",
  " this month",
  " and report back to the set",
  " before the rota goes out",
];
export type ReportStatus = "done" | "partly" | "not_done" | "dropped";
const LEARNED_LEADS: Record<ReportStatus, string[]> = {
  done: ["", "", "", "It worked. ", "Done. ", "What I learned: ", "The main thing: "],
  partly: ["", "", "", "Mixed results. ", "Partly there. ", "What I learned: ", "Honestly, "],
  not_done: ["", "", "", "Even so, ", "What I learned: ", "Honestly, "],
  dropped: ["", "", "", "Even so, ", "What I learned: ", "Looking back, "],
};
const LEARNED_FOLLOW: Record<ReportStatus, string[]> = {
  done: ["", "", "", " I'll keep going with it.", " I've shared this with my manager.", " It's now part of how we work."],
  partly: ["", "", "", " I want to build on this next month.", " Still early days.", " I'll carry it on."],
  not_done: ["", "", " I'll try again next month."],
  dropped: ["", ""],
};
const OBSTACLE_LEADS = ["", "", "", "Mainly that ", "What got in the way: ", "Honestly, ", "Frankly, "];

export const SUCCESS_MEASURES = [
  "At least half the team have used it",
  "It's in the rota for the next three months",
  "People mention it without me prompting",
  "Fewer missed breaks on the tracker",
  "I've had the conversation and agreed next steps",
  "It's on the agenda and has an owner",
  "The team say it helped when I ask them",
  "I can point to one thing that changed",
];

const CONTINUES = /^(I|I'm|I've|I'd|I'll|[A-Z]{2,}\w*|[A-Z][a-z]+'s|TRiM|IAPT|EAP|OH|HR|ICS|GMC|NMC|PNA)\b/;

export type Made = { text: string; redacted: string; themes: string[] };

export type TextKit = ReturnType<typeof textKit>;

/**
 * Text makers drawing from `next()` (a seeded PRNG in [0, 1)), so the same
 * seed writes the same words.
 */
export function textKit(next: () => number) {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const phraseText = (p: Phrase) => (typeof p === "string" ? p : p.text);
  const phraseThemes = (p: Phrase, theme: string | null) => [...(theme ? [theme] : []), ...(typeof p === "string" ? [] : p.also)];

  /** Fills the slots; names and phones go in as themselves and come out of the redacted copy as placeholders. */
  const fill = (template: string): { text: string; redacted: string } => {
    if (!template.includes("{")) return { text: template, redacted: template };
    let text = "";
    let redacted = "";
    let at = 0;
    for (let open = template.indexOf("{"); open !== -1; open = template.indexOf("{", at)) {
      const close = template.indexOf("}", open);
      const slot = template.slice(open + 1, close);
      const value = pick(SLOTS[slot]);
      text += template.slice(at, open) + value;
      redacted += template.slice(at, open) + (slot === "name" ? "[name]" : slot === "phone" ? "[phone]" : value);
      at = close + 1;
    }
    return { text: text + template.slice(at), redacted: redacted + template.slice(at) };
  };

  const lowerFirst = (s: string) => (CONTINUES.test(s) ? s : s.charAt(0).toLowerCase() + s.slice(1));
  const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const bankOf = (theme: string | null) => (theme ? THEME_PHRASES[theme] : UNTHEMED);

  return {
    pick,
    /** An action in one or two themes (or none, with `themes` empty). */
    action(themes: string[]): Made {
      const parts = themes.length ? themes.map((t) => pick(bankOf(t).actions)) : [pick(UNTHEMED.actions)];
      const found = new Set<string>();
      themes.forEach((t, i) => phraseThemes(parts[i], t).forEach((x) => found.add(x)));
      const bodies = parts.map((p) => fill(phraseText(p)));
      const opener = pick(ACTION_OPENERS);
      const closer = pick(ACTION_CLOSERS);
      const shape = (body: string) => {
        const s = opener ? opener + body : upperFirst(body);
        return s + closer + (next() < 0.9 ? "." : "");
      };
      // One joiner for both copies, so the redacted text differs only where a name was.
      const joiner = pick([" and ", ", and ", "; also "]);
      const text = shape(bodies.map((b) => b.text).join(joiner));
      const redacted = shape(bodies.map((b) => b.redacted).join(joiner));
      return { text, redacted, themes: [...found].sort() };
    },
    /** What the owner learned, drawing on a theme's bank (or the untagged one), worded for how the action went. */
    learned(theme: string | null, status: ReportStatus = "done"): Made {
      const p = pick(bankOf(theme).learned);
      const body = fill(phraseText(p));
      const lead = pick(LEARNED_LEADS[status]);
      const follow = pick(LEARNED_FOLLOW[status]);
      // A lead that runs into the sentence ("Honestly, ", "What I learned: ") takes it on in lower case.
      const shape = (s: string) => (lead.endsWith(", ") || lead.endsWith(": ") ? lead + lowerFirst(s) : lead + s) + follow;
      return { text: shape(body.text), redacted: shape(body.redacted), themes: phraseThemes(p, theme).sort() };
    },
    /** What got in the way. */
    obstacles(theme: string | null): Made {
      const p = pick(bankOf(theme).obstacles);
      const body = fill(phraseText(p));
      const lead = pick(OBSTACLE_LEADS);
      const shape = (s: string) => (lead ? lead + lowerFirst(s) : s);
      return { text: shape(body.text), redacted: shape(body.redacted), themes: [...new Set(phraseThemes(p, theme))].sort() };
    },
    dropReason: () => pick(DROP_REASONS),
    successMeasure: () => pick(SUCCESS_MEASURES),
  };
}

"""Words for the touch log: what was said over coffee, on the phone, in a card.

Templates use ``{first}`` (the person's first name) and the slots filled by
``History.say``: ``{news}``, ``{cafe}``, ``{restaurant}``, ``{topic}``,
``{help}``, ``{thing}``. News for people past working age come from
``SENIOR_NEWS``.
"""

from __future__ import annotations

SLOTS = {
    "news": (
        "is training for a half marathon",
        "just got back from two weeks in Iceland",
        "is renovating the bathroom, slowly",
        "is thinking about going freelance",
        "has a new puppy called Biscuit",
        "started cello lessons",
        "is in the middle of a reorg",
        "is applying to grad school",
        "is planning a trip to Portugal",
        "finally finished the garden shed",
        "is coaching the kids' soccer team",
        "got promoted to team lead",
        "is looking at houses",
        "is learning to bake bread",
        "has a new job offer to think about",
        "is writing a novel on the side",
        "adopted two cats",
        "is burnt out and taking a week off",
        "is into pottery now",
        "ran the first 10k in years",
        "is sleeping better, finally",
        "is planning a surprise party",
        "volunteers at the food bank on Saturdays now",
        "wants to learn to climb",
        "is hiking a long trail in August",
        "is back from a week of camping with the kids",
        "is switching teams at work",
        "has a new bike and rides everywhere",
    ),
    "cafe": (
        "Little Owl",
        "Heart & Grind",
        "Rosebud Café",
        "the Ninth Street Roasters",
        "Wrenfield Coffee",
        "the café by the library",
    ),
    "restaurant": (
        "the Thai place on Division",
        "Tamale Boy",
        "the new ramen bar",
        "Marlowe's Deli",
        "the food carts on Hawthorne",
        "the Ethiopian place",
        "the taqueria on Alberta",
        "Pho Saigon Garden",
    ),
    "topic": (
        "careers and side projects",
        "raising kids in the city",
        "the housing market",
        "which books to read next",
        "moving somewhere smaller",
        "hiring at work",
        "burnout and how to avoid it",
        "our parents getting older",
        "summer plans",
        "learning to say no at work",
    ),
    "help": (
        "look over the CV",
        "make an intro to a hiring manager at Tidewater",
        "lend the camping gear for the trip",
        "help with the move on Saturday",
        "review the conference talk",
        "share our contractor's number",
        "walk the dog during the trip",
        "read the grant application",
    ),
    "thing": (
        "article about four-day weeks",
        "podcast episode on sleep",
        "recipe for the curry",
        "photos from the party",
        "novel I couldn't put down",
        "name of our plumber",
        "map for the waterfall hike",
        "link to the woodworking class",
        "playlist from the road trip",
    ),
}

NOTES = {
    "coffee": (
        "Coffee at {cafe}. {first} {news}.",
        "Quick coffee before work; talked about {topic}.",
        "Walked to {cafe} with {first}, who {news}.",
        "Coffee and a long walk. {first} {news}.",
        "",
    ),
    "lunch": (
        "Lunch at {restaurant}. {first} {news}.",
        "Long lunch at {restaurant}; talked about {topic}.",
        "Lunch at the food carts with {first}, who {news}.",
        "",
    ),
    "check-in call": (
        "Called to catch up: {first} {news}.",
        "{first} called back; we talked about {topic}.",
        "Half an hour on the phone. {first} {news}.",
        "Phone catch-up on a walk; {first} {news}.",
        "Long call on a Sunday; talked about {topic}.",
        "",
    ),
    "email or note": (
        "Sent {first} the {thing}.",
        "Short email; {first} {news}.",
        "Mailed a clipping that reminded me of {first}.",
        "Sent {first} the {thing}, as promised.",
        "",
    ),
    "text message": (  # as many as the notes: the demo draws the same either way
        "Texted {first} a photo of the {thing}.",
        "Quick text; {first} {news}.",
        "Texted a photo that reminded me of {first}.",
        "Texted {first} the {thing}, as promised.",
        "",
    ),
    "offer to help": (
        "Offered to {help}.",
        "Told {first} I'm happy to {help}.",
    ),
    "meeting": (
        "Caught up at the Northwind alumni meetup.",
        "Met at the office to talk about {topic}.",
        "Ran into {first} at the farmers market and talked for half an hour.",
    ),
    "birthday greeting": (
        "",
        "",
        "Texted happy birthday.",
        "Sent a birthday voice memo.",
        "Birthday card with a photo from the coast.",
        "Called to sing, badly.",
    ),
    "holiday card": ("", "", "", "Card with the family photo.", "Card with a note about {topic}."),
}

SENIOR_NEWS = (
    "is taking a watercolour class",
    "is back in the garden every morning",
    "has a new grandchild on the way",
    "is planning a river cruise",
    "volunteers at the library twice a week",
    "is reading all of Trollope, in order",
    "joined a walking group",
    "is teaching the neighbour's kids chess",
)

VISITING = ("{first} was in town for a few days.", "{first} was in Portland for a conference.")

BOOKS = (
    "Middlemarch",
    "The Remains of the Day",
    "Piranesi",
    "Station Eleven",
    "Klara and the Sun",
    "The Overstory",
    "Pachinko",
    "The Left Hand of Darkness",
    "Hamnet",
    "A Gentleman in Moscow",
    "Braiding Sweetgrass",
    "The Dispossessed",
    "Beloved",
    "Tomorrow, and Tomorrow, and Tomorrow",
)

BOOK_CLUB = (
    "Book club at {host}'s: {book}. Everyone loved the ending except {other}.",
    "Book club at {host}'s: {book}. Half of us didn't finish it; good talk anyway.",
    "Book club: {book}. {host} made the best soup.",
    "Book club at {host}'s: {book}. Picked the next three books.",
)

CLIMBING = (
    "Bouldering at the gym with {names}.",
    "Climbing night with {names}; new routes on the slab wall.",
    "Top-rope session with {names}, then tacos.",
    "Early climbing session with {names}.",
)

ALUMNI_LUNCH = (
    "Northwind alumni lunch at {restaurant} with {names}.",
    "Lunch with {names}: the old Northwind crew.",
)

PARTIES = {
    "summer barbecue": (
        "Summer barbecue in the backyard: {count} people, too many burgers, a water-balloon fight.",
        "Summer barbecue. {first} brought the famous potato salad.",
    ),
    "chili party": (
        "Football-season chili party: three pots, the vegetarian one won again.",
        "Chili party; {count} people and the game on the projector.",
    ),
    "holiday party": (
        "Holiday party: mulled wine, the cookie swap and a dance-off in the kitchen.",
        "Holiday party with {count} people; {first} won the ugly-sweater prize.",
    ),
}

POSTCARDS = {
    "Lisbon": (
        "Postcard from Lisbon: the tiled one.",
        "Postcard of the yellow tram.",
        "Postcard from Sintra.",
    ),
    "Japan": (
        "Postcard from Kyoto.",
        "Postcard of Mount Fuji from Hakone.",
        "Postcard from Tokyo, with a stamp from the train station.",
    ),
}

EVENT_TOUCHES = {
    "bereavement": ("condolence", "Sent a card and flowers.", 3),
    "new_job": ("email or note", "Congratulations on the new job!", 2),
    "baby": ("email or note", "Congratulations on the baby! Sent a little knitted hat.", 2),
    "wedding": ("party", "At the wedding: a backyard, tacos and the best toast I've heard.", 0),
    "retirement": ("email or note", "Card for the retirement.", 3),
    "home_project": ("offer to help", "Offered our tile saw and a Saturday of help.", 10),
    "graduation": ("email or note", "Card and a gift card for the graduate.", 4),
    "illness": ("check-in call", "Called after the surgery; tired but in good spirits.", 3),
    "move": ("check-in call", "Called to hear how the move went; still living out of boxes.", 14),
}

FOLLOW_UPS = (
    "Send {first} the {thing}",
    "Share the photos with {first}",
    "Return {first}'s camping stove",
    "Recommend our dentist to {first}",
    "Book lunch with {first} next month",
    "Ask {first} how the trip went",
    "Mail {first} a thank-you card",
    "Call {first} back about {topic}",
)

"""Names, employers and jobs the demo network is drawn from. All of it is made up.

Given and family names are common ones, combined at random, so the people are
fictional. Company domains end in ``.example``, a name kept for examples.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class NamePool:
    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str, ...]


def _pool(female: str, male: str, family: str) -> NamePool:
    return NamePool(tuple(female.split(", ")), tuple(male.split(", ")), tuple(family.split(", ")))


CULTURES = {
    "anglo": _pool(
        "Emily, Sarah, Megan, Hannah, Abigail, Caitlin, Lauren, Rebecca, Molly, Katherine, "
        "Allison, Natalie, Erin, Holly, Bethany, Julia",
        "Ryan, Kyle, Matthew, Andrew, Nathan, Tyler, Connor, Jacob, Ethan, Luke, Owen, Patrick, "
        "Colin, Graham, Seth, Wesley, Caleb",
        "Anderson, Bennett, Caldwell, Dawson, Ellison, Fletcher, Gallagher, Hartley, Ingram, "
        "Jennings, Keller, Lawson, McAllister, Norwood, Prescott, Quinlan, Rowe, Sheffield, "
        "Thornton, Underwood, Vance, Whitmore, Yates, Brennan, Pruitt, Sutherland",
    ),
    "hispanic": _pool(
        "Lucía, Camila, Valentina, Ximena, Daniela, Gabriela, Isabel, Renata, Paola, Mariana",
        "Diego, Javier, Andrés, Santiago, Luis, Rafael, Emilio, Joaquín, Tomás, Héctor",
        "Castillo, Delgado, Fuentes, Guerrero, Herrera, Morales, Navarro, Ortega, Peña, "
        "Quintero, Salazar, Vargas, Ibáñez, Cortés, Zamora",
    ),
    "black": _pool(
        "Aaliyah, Imani, Jasmine, Kiara, Nia, Tiana, Ebony, Danielle",
        "Darnell, Jamal, Terrence, Malik, Isaiah, Xavier, Desmond, Jerome",
        "Washington, Jefferson, Robinson, Coleman, Banks, Freeman, Simmons, Gaines, Booker",
    ),
    "east_asian": _pool(
        "Mei, Jenny, Yuna, Michelle, Hana, Lily, Joy, Sun-hee",
        "Kevin, Jason, Wei, Min-jun, Eric, Kenji, Brian, Hyun-woo",
        "Chen, Wong, Liu, Park, Choi, Lee, Nguyen, Tran, Yamamoto, Huang, Lin, Shin",
    ),
    "south_asian": _pool(
        "Ananya, Kavya, Meera, Divya, Sunita, Neha, Riya, Shreya",
        "Arjun, Rohan, Vikram, Sanjay, Aditya, Nikhil, Rahul, Karthik",
        "Iyer, Krishnan, Mehta, Patel, Shah, Venkatesan, Reddy, Bhattacharya, Desai, Menon",
    ),
    "arab": _pool(
        "Yasmin, Layla, Nour, Rana, Dalia",
        "Omar, Karim, Tariq, Sami, Rami",
        "Khoury, Nassar, Saleh, Farah, Mansour, Aziz",
    ),
    "west_african": _pool(
        "Adaeze, Chiamaka, Funmilayo, Ama, Efua, Ngozi",
        "Chidi, Emeka, Kofi, Tunde, Babajide, Yaw",
        "Okonkwo, Eze, Adebayo, Boateng, Asante, Nwosu, Ogunleye",
    ),
    "slavic": _pool(
        "Katarzyna, Agata, Milena, Ivana, Petra, Zuzana, Małgorzata",
        "Paweł, Marek, Krzysztof, Luka, Dragan, Bartłomiej",
        "Nowak, Kowalski, Zieliński, Horvat, Novák, Dvořák, Jankowski, Wójcik, Mańkowski",
    ),
    "north": _pool(
        "Siobhan, Aoife, Astrid, Freya, Maren, Saoirse",
        "Declan, Cormac, Lars, Erik, Anders, Ciarán",
        "O'Connell, Byrne, Lindqvist, Halvorsen, Sørensen, Nyberg, Fitzgerald",
    ),
    "british": _pool(
        "Charlotte, Imogen, Harriet, Poppy, Eleanor, Rosie, Philippa, Georgia",
        "Oliver, Harry, Alfie, Rory, Callum, Hamish, Rhys, Oscar",
        "Pemberton, Ashworth, Whitlock, Hargreaves, Blackwood, Fairbairn, Cartwright, Lowther",
    ),
    "british_asian": _pool(
        "Priyanka, Anjali, Sana, Aisha",
        "Sunil, Imran, Ravi, Hamza",
        "Chaudhry, Malik, Sharma, Hussain, Kapoor",
    ),
    "german": _pool(
        "Anna, Lena, Katharina, Sophie, Mareike, Franziska, Jana, Magdalena",
        "Lukas, Felix, Jan, Moritz, Florian, Tobias, Niklas, Jakob",
        "Schneider, Fischer, Weber, Becker, Hoffmann, Schäfer, Krüger, Böhm, Lehmann, Brandt, "
        "Köhler, Günther",
    ),
    "turkish": _pool(
        "Elif, Ayşe, Zeynep, Selin",
        "Emre, Deniz, Murat, Can",
        "Yılmaz, Öztürk, Demir, Şahin, Aydın",  # noqa: RUF001 (Turkish dotless i)
    ),
    "french": _pool(
        "Camille, Manon, Léa, Chloé, Inès, Margaux, Céline, Amélie, Noémie",
        "Julien, Antoine, Théo, Maxime, Hugo, Étienne, Rémi, Benoît",
        "Dubois, Moreau, Laurent, Girard, Rousseau, Mercier, Fontaine, Chevalier, Garnier, "
        "Faure, Bérard",
    ),
    "maghreb": _pool("Yasmine, Samira, Nadia", "Karim, Mehdi, Yacine", "Benali, Haddou, Mansouri"),
    "japanese": _pool(
        "Yui, Sakura, Haruka, Mio, Aoi, Rin",
        "Ren, Sota, Kaito, Yuto, Daiki, Takumi",
        "Suzuki, Takahashi, Watanabe, Ito, Yamada, Kobayashi, Kato",
    ),
}

# Which name pools a person living in each country is drawn from, with weights.
MIX = {
    "US": (
        ("anglo", 34),
        ("hispanic", 14),
        ("black", 10),
        ("east_asian", 10),
        ("south_asian", 8),
        ("arab", 4),
        ("west_african", 5),
        ("slavic", 8),
        ("north", 7),
    ),
    "GB": (("british", 7), ("british_asian", 3)),
    "DE": (("german", 7), ("turkish", 2), ("slavic", 1)),
    "FR": (("french", 7), ("maghreb", 3)),
    "JP": (("japanese", 1),),
}


@dataclass(frozen=True)
class Company:
    name: str
    industry: str
    domain: str
    cities: tuple[str, ...]  # where its people live ("" = anywhere)


COMPANIES = (
    Company("Northwind Analytics", "Software", "northwind.example", ("Portland", "Seattle")),
    Company("Fernbrook Software", "Software", "fernbrook.example", ("Portland", "Denver")),
    Company("Tidewater Labs", "Software", "tidewater.example", ("Portland", "San Francisco")),
    Company("Cascadia Cloud", "Software", "cascadiacloud.example", ("Seattle", "Austin")),
    Company("Brightline Robotics", "Robotics", "brightline.example", ("Oakland", "Somerville")),
    Company("Elmridge Family Medicine", "Healthcare", "elmridge.example", ("Portland",)),
    Company("Riverbend Health", "Healthcare", "riverbend.example", ("Portland", "Chicago")),
    Company(
        "Alder Valley Community College", "Education", "aldervalley.example", ("Portland", "Eugene")
    ),
    Company("Larkspur Elementary", "Education", "larkspur.example", ("Portland",)),
    Company(
        "Brightwater Architects", "Architecture", "brightwater.example", ("Portland", "Minneapolis")
    ),
    Company("Ironwood Capital", "Finance", "ironwood.example", ("Chicago", "Brooklyn")),
    Company("Harbor Mutual Credit Union", "Finance", "harbormutual.example", ("Portland",)),
    Company("Open Trails Alliance", "Nonprofit", "opentrails.example", ("Portland", "Bend")),
    Company("Little Owl Coffee Roasters", "Food & drink", "littleowl.example", ("Portland",)),
    Company("Wildhaven Outfitters", "Retail", "wildhaven.example", ("Portland", "Bend", "Denver")),
    Company("The Cascade Ledger", "Media", "cascadeledger.example", ("Portland", "Seattle")),
    Company("Paperlantern Press", "Publishing", "paperlantern.example", ("Portland", "Brooklyn")),
    Company("Hale & Ostrander", "Law", "haleostrander.example", ("Portland", "Chicago")),
    Company("Helix Meadow Bio", "Biotech", "helixmeadow.example", ("Somerville", "San Francisco")),
    Company("Sunpath Solar", "Energy", "sunpath.example", ("Austin", "Denver", "Oakland")),
    Company("Tri-County Water District", "Government", "tricountywater.example", ("Portland",)),
    Company("Spreeblick Software", "Software", "spreeblick.example", ("Berlin",)),
    Company("Kiezwerk", "Design", "kiezwerk.example", ("Berlin", "Hamburg")),
    Company("Alpenlicht Mobility", "Transportation", "alpenlicht.example", ("München",)),
    Company("Greyfriars & Co", "Consulting", "greyfriars.example", ("London", "Edinburgh")),
    Company("Thameside Health", "Healthcare", "thameside.example", ("London", "Bristol")),
    Company("Atelier Mirabelle", "Design", "mirabelle.example", ("Paris", "Lyon")),
    Company("Quai Sept Conseil", "Consulting", "quaisept.example", ("Paris",)),
    Company("Hoshizora Games", "Games", "hoshizora.example", ("Tokyo",)),
)

JOB_TITLES = {
    "Software": (
        "Software Engineer",
        "Staff Engineer",
        "Product Manager",
        "Data Scientist",
        "Engineering Manager",
        "UX Researcher",
        "Product Designer",
    ),
    "Robotics": ("Mechanical Engineer", "Controls Engineer", "Head of Hardware"),
    "Healthcare": (
        "Nurse Practitioner",
        "Family Physician",
        "Physical Therapist",
        "Clinic Manager",
    ),
    "Education": ("Teacher", "Instructor", "Librarian", "Dean of Students"),
    "Architecture": ("Architect", "Project Architect", "Landscape Architect"),
    "Finance": ("Financial Analyst", "Loan Officer", "Portfolio Manager"),
    "Nonprofit": ("Program Director", "Volunteer Coordinator", "Executive Director"),
    "Food & drink": ("Head Roaster", "Café Manager", "Pastry Chef"),
    "Retail": ("Store Manager", "Buyer", "Merchandising Lead"),
    "Media": ("Reporter", "Editor", "Photo Editor"),
    "Publishing": ("Acquisitions Editor", "Publicist", "Book Designer"),
    "Law": ("Associate", "Partner", "Paralegal"),
    "Biotech": ("Research Scientist", "Lab Manager", "Bioinformatician"),
    "Energy": ("Solar Installer", "Project Developer", "Grid Analyst"),
    "Government": ("Hydrologist", "Policy Analyst", "Civil Engineer"),
    "Design": ("Designer", "Creative Director", "Illustrator"),
    "Transportation": ("Mobility Planner", "Software Engineer", "Operations Lead"),
    "Consulting": ("Consultant", "Principal", "Analyst"),
    "Games": ("Game Designer", "Producer", "Technical Artist"),
}

_ASCII = str.maketrans(
    {
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "\u0131": "i",  # dotless i
        "'": "",
        " ": "",
        "-": "",
    }
)


def ascii_slug(text: str) -> str:
    """``"Wiśniewski"`` → ``"wisniewski"``: for made-up email addresses."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII))
    return "".join(c for c in decomposed if c.isascii() and c.isalnum()).lower()

"""Open Charge Map CountryID -> ISO 3166-1 alpha-2, for compact POIs (ids only).

Source: the "Countries" list of openchargemap/ocm-export data/referencedata.json
(commit 02a81aef086d1f0b3e6dd3261f08d11a5d0b414e), the same ids as the live
https://api.openchargemap.io/v3/referencedata/. OCM ids are stable; a --reference file
with a newer list takes precedence.
"""

from __future__ import annotations

# fmt: off
OCM_COUNTRIES: dict[int, str] = {
    1: "GB",  # United Kingdom
    2: "US",  # United States
    3: "IE",  # Ireland
    4: "HK",  # Hong Kong
    5: "AF",  # Afghanistan
    6: "AX",  # Aland Islands
    7: "AL",  # Albania
    8: "DZ",  # Algeria
    9: "AS",  # American Samoa
    10: "AD",  # Andorra
    11: "AO",  # Angola
    12: "AI",  # Anguilla
    13: "AQ",  # Antarctica
    14: "AG",  # Antigua And Barbuda
    15: "AR",  # Argentina
    16: "AM",  # Armenia
    17: "AW",  # Aruba
    18: "AU",  # Australia
    19: "AT",  # Austria
    20: "AZ",  # Azerbaijan
    21: "BS",  # Bahamas
    22: "BH",  # Bahrain
    23: "BD",  # Bangladesh
    24: "BB",  # Barbados
    25: "BY",  # Belarus
    26: "BE",  # Belgium
    27: "BZ",  # Belize
    28: "BJ",  # Benin
    29: "BM",  # Bermuda
    30: "BT",  # Bhutan
    31: "BO",  # Bolivia, Plurinational State Of
    32: "BQ",  # Bonaire, Saint Eustatius And Saba
    33: "BA",  # Bosnia And Herzegovina
    34: "BW",  # Botswana
    35: "BV",  # Bouvet Island
    36: "BR",  # Brazil
    37: "IO",  # British Indian Ocean Territory
    38: "BN",  # Brunei Darussalam
    39: "BG",  # Bulgaria
    40: "BF",  # Burkina Faso
    41: "BI",  # Burundi
    42: "KH",  # Cambodia
    43: "CM",  # Cameroon
    44: "CA",  # Canada
    45: "CV",  # Cape Verde
    46: "KY",  # Cayman Islands
    47: "CF",  # Central African Republic
    48: "TD",  # Chad
    49: "CL",  # Chile
    50: "CN",  # China
    51: "CX",  # Christmas Island
    52: "CC",  # Cocos (Keeling) Islands
    53: "CO",  # Colombia
    54: "KM",  # Comoros
    55: "CG",  # Congo
    56: "CD",  # Congo, Democratic Republic Of The
    57: "CK",  # Cook Islands
    58: "CR",  # Costa Rica
    59: "CI",  # Cote D'Ivoire
    60: "HR",  # Croatia
    61: "CU",  # Cuba
    62: "CW",  # Curacao
    63: "CY",  # Cyprus
    64: "CZ",  # Czech Republic
    65: "DK",  # Denmark
    66: "DJ",  # Djibouti
    67: "DM",  # Dominica
    68: "DO",  # Dominican Republic
    69: "EC",  # Ecuador
    70: "EG",  # Egypt
    71: "SV",  # El Salvador
    72: "GQ",  # Equatorial Guinea
    73: "ER",  # Eritrea
    74: "EE",  # Estonia
    75: "ET",  # Ethiopia
    76: "FK",  # Falkland Islands (Malvinas)
    77: "FO",  # Faroe Islands
    78: "FJ",  # Fiji
    79: "FI",  # Finland
    80: "FR",  # France
    81: "GF",  # French Guiana
    82: "PF",  # French Polynesia
    83: "TF",  # French Southern Territories
    84: "GA",  # Gabon
    85: "GM",  # Gambia
    86: "GE",  # Georgia
    87: "DE",  # Germany
    88: "GH",  # Ghana
    89: "GI",  # Gibraltar
    90: "GR",  # Greece
    91: "GL",  # Greenland
    92: "GD",  # Grenada
    93: "GP",  # Guadeloupe
    94: "GU",  # Guam
    95: "GT",  # Guatemala
    96: "GG",  # Guernsey
    97: "GN",  # Guinea
    98: "GW",  # Guinea-Bissau
    99: "GY",  # Guyana
    100: "HT",  # Haiti
    101: "HM",  # Heard Island And Mcdonald Islands
    102: "VA",  # Holy See (Vatican City State)
    103: "HN",  # Honduras
    104: "HU",  # Hungary
    105: "IS",  # Iceland
    106: "IN",  # India
    107: "ID",  # Indonesia
    108: "IR",  # Iran, Islamic Republic Of
    109: "IQ",  # Iraq
    110: "IM",  # Isle Of Man
    111: "IL",  # Israel
    112: "IT",  # Italy
    113: "JM",  # Jamaica
    114: "JP",  # Japan
    115: "JE",  # Jersey
    116: "JO",  # Jordan
    117: "KZ",  # Kazakhstan
    118: "KE",  # Kenya
    119: "KI",  # Kiribati
    120: "KP",  # Korea, Democratic People's Rep.
    121: "KR",  # Korea, Republic Of
    122: "KW",  # Kuwait
    123: "KG",  # Kyrgyzstan
    124: "LA",  # Lao People's Democratic Republic
    125: "LV",  # Latvia
    126: "LB",  # Lebanon
    127: "LS",  # Lesotho
    128: "LR",  # Liberia
    129: "LY",  # Libyan Arab Jamahiriya
    130: "LI",  # Liechtenstein
    131: "LT",  # Lithuania
    132: "LU",  # Luxembourg
    133: "MO",  # Macao
    134: "MK",  # Macedonia
    135: "MG",  # Madagascar
    136: "MW",  # Malawi
    137: "MY",  # Malaysia
    138: "MV",  # Maldives
    139: "ML",  # Mali
    140: "MT",  # Malta
    141: "MH",  # Marshall Islands
    142: "MQ",  # Martinique
    143: "MR",  # Mauritania
    144: "MU",  # Mauritius
    145: "YT",  # Mayotte
    146: "MX",  # Mexico
    147: "FM",  # Micronesia, Federated States Of
    148: "MD",  # Moldova, Republic Of
    149: "MC",  # Monaco
    150: "MN",  # Mongolia
    151: "ME",  # Montenegro
    152: "MS",  # Montserrat
    153: "MA",  # Morocco
    154: "MZ",  # Mozambique
    155: "MM",  # Myanmar
    156: "NA",  # Namibia
    157: "NR",  # Nauru
    158: "NP",  # Nepal
    159: "NL",  # Netherlands
    160: "NC",  # New Caledonia
    161: "NZ",  # New Zealand
    162: "NI",  # Nicaragua
    163: "NE",  # Niger
    164: "NG",  # Nigeria
    165: "NU",  # Niue
    166: "NF",  # Norfolk Island
    167: "MP",  # Northern Mariana Islands
    168: "NO",  # Norway
    169: "OM",  # Oman
    170: "PK",  # Pakistan
    171: "PW",  # Palau
    172: "PS",  # Palestinian Territory, Occupied
    173: "PA",  # Panama
    174: "PG",  # Papua New Guinea
    175: "PY",  # Paraguay
    176: "PE",  # Peru
    177: "PH",  # Philippines
    178: "PN",  # Pitcairn
    179: "PL",  # Poland
    180: "PT",  # Portugal
    181: "PR",  # Puerto Rico
    182: "QA",  # Qatar
    183: "RE",  # Reunion
    184: "RO",  # Romania
    185: "RU",  # Russian Federation
    186: "RW",  # Rwanda
    187: "BL",  # Saint Barthelemy
    188: "SH",  # Saint Helena
    189: "KN",  # Saint Kitts And Nevis
    190: "LC",  # Saint Lucia
    191: "MF",  # Saint Martin (French Part)
    192: "PM",  # Saint Pierre And Miquelon
    193: "VC",  # Saint Vincent And The Grenadines
    194: "WS",  # Samoa
    195: "SM",  # San Marino
    196: "ST",  # Sao Tome And Principe
    197: "SA",  # Saudi Arabia
    198: "SN",  # Senegal
    199: "RS",  # Serbia
    200: "SC",  # Seychelles
    201: "SL",  # Sierra Leone
    202: "SG",  # Singapore
    203: "SX",  # Sint Maarten (Dutch Part)
    204: "SK",  # Slovakia
    205: "SI",  # Slovenia
    206: "SB",  # Solomon Islands
    207: "SO",  # Somalia
    208: "ZA",  # South Africa
    209: "GS",  # South Georgia
    210: "ES",  # Spain
    211: "LK",  # Sri Lanka
    212: "SD",  # Sudan
    213: "SR",  # Suriname
    214: "SJ",  # Svalbard And Jan Mayen
    215: "SZ",  # Swaziland
    216: "SE",  # Sweden
    217: "CH",  # Switzerland
    218: "SY",  # Syrian Arab Republic
    219: "TW",  # Taiwan, Province Of China
    220: "TJ",  # Tajikistan
    221: "TZ",  # Tanzania, United Republic Of
    222: "TH",  # Thailand
    223: "TL",  # Timor-Leste
    224: "TG",  # Togo
    225: "TK",  # Tokelau
    226: "TO",  # Tonga
    227: "TT",  # Trinidad And Tobago
    228: "TN",  # Tunisia
    229: "TR",  # Turkey
    230: "TM",  # Turkmenistan
    231: "TC",  # Turks And Caicos Islands
    232: "TV",  # Tuvalu
    233: "UG",  # Uganda
    234: "UA",  # Ukraine
    235: "AE",  # United Arab Emirates
    236: "UM",  # United States Minor Outlying Islands
    237: "UY",  # Uruguay
    238: "UZ",  # Uzbekistan
    239: "VU",  # Vanuatu
    240: "VE",  # Venezuela, Bolivarian Republic Of
    241: "VN",  # Viet Nam
    242: "VG",  # Virgin Islands, British
    243: "VI",  # Virgin Islands, U.S.
    244: "WF",  # Wallis And Futuna
    245: "EH",  # Western Sahara
    246: "YE",  # Yemen
    247: "ZM",  # Zambia
    248: "ZW",  # Zimbabwe
    249: "SS",  # South Sudan
    250: "XK",  # Kosovo
}
# fmt: on

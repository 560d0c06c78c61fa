//! The French vocabulary of every industry: job titles, skills, topics, results, goals and
//! audiences as members of French-speaking countries write them. [`INDUSTRIES_FR`] is
//! index-aligned with [`crate::industries::INDUSTRIES`]: entry `i` translates industry `i`, and
//! every list inside it has the length and the order of its English counterpart, so the
//! generator can draw an index once and read it in either language.

/// A line of work inside an industry, in French ("Ingénieur data"), with its skills; translates
/// the [`crate::industries::Track`] at the same index.
pub(crate) struct TrackFr {
    pub(crate) title: &'static str,
    /// Skill `j` translates skill `j` of the English track; product and tool names are kept.
    pub(crate) skills: &'static [&'static str],
}

/// One industry's French vocabulary; translates the [`crate::industries::Industry`] at the same
/// index, list for list.
pub(crate) struct IndustryFr {
    /// The field with its definite article, as it reads in a sentence ("le génie logiciel",
    /// "l'industrie", "les ressources humaines"): French templates write "dans {field}".
    pub(crate) field: &'static str,
    /// The word after a base title at the level above senior: "principal" for most industries
    /// ("Ingénieur logiciel principal"), "référent" in healthcare and education ("Infirmier
    /// référent"), "expert" in manufacturing ("Ingénieur qualité expert").
    pub(crate) lead: &'static str,
    pub(crate) tracks: &'static [TrackFr],
    /// Titles at the leadership level, whatever the track.
    pub(crate) leaders: &'static [&'static str],
    /// Skills anyone in the industry may list.
    pub(crate) common_skills: &'static [&'static str],
    /// What people in the industry talk and write about: lower case noun phrases with their
    /// definite article ("les systèmes distribués", "l'observabilité").
    pub(crate) topics: &'static [&'static str],
    /// Results someone can be proud of, as past participle phrases that follow "nous avons" or
    /// "j'ai" ("réduit de moitié le taux de rebut").
    pub(crate) wins: &'static [&'static str],
    /// What the industry's professionals help others do, as infinitive phrases that follow
    /// "aider {audience} à" ("livrer des logiciels fiables plus vite").
    pub(crate) goals: &'static [&'static str],
    /// Whom they serve: plural noun phrases with their definite article ("les équipes
    /// d'ingénierie").
    pub(crate) audiences: &'static [&'static str],
}

/// The French name of an English skill of [`crate::industries::INDUSTRIES`] (the first
/// translation found, track skills before common ones); the skill itself if it has none.
pub(crate) fn skill_fr(skill: &'static str) -> &'static str {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    let map = MAP.get_or_init(|| {
        let mut map = HashMap::new();
        for (en, fr) in crate::industries::INDUSTRIES.iter().zip(INDUSTRIES_FR) {
            for (te, tf) in en.tracks.iter().zip(fr.tracks) {
                for (a, b) in te.skills.iter().zip(tf.skills) {
                    map.entry(*a).or_insert(*b);
                }
            }
            for (a, b) in en.common_skills.iter().zip(fr.common_skills) {
                map.entry(*a).or_insert(*b);
            }
        }
        map
    });
    map.get(skill).copied().unwrap_or(skill)
}

impl IndustryFr {
    /// The French title of someone on `track` at `level`, as [`crate::industries::Industry::title`]
    /// (0 entry, 1 regular, 2 senior, 3 lead, 4 leadership); `leader` picks among leadership titles.
    /// The seniority words follow the base title, as French titles put them: "Ingénieur backend
    /// junior", "Ingénieur backend senior", "Ingénieur backend principal".
    pub(crate) fn title(&self, track: usize, level: u8, leader: usize) -> String {
        let base = self.tracks[track].title;
        match level {
            0 => format!("{base} junior"),
            1 => base.to_string(),
            2 => format!("{base} senior"),
            3 => format!("{base} {}", self.lead),
            _ => self.leaders[leader % self.leaders.len()].to_string(),
        }
    }
}

/// The French vocabulary of every industry, in the order of [`crate::industries::INDUSTRIES`].
pub(crate) const INDUSTRIES_FR: &[IndustryFr] = &[
    // Software
    IndustryFr {
        field: "le génie logiciel",
        lead: "principal",
        tracks: &[
            TrackFr {
                title: "Ingénieur logiciel",
                skills: &["Rust", "Go", "Java", "Python", "TypeScript", "Conception de systèmes"],
            },
            TrackFr {
                title: "Ingénieur backend",
                skills: &["Go", "PostgreSQL", "Kafka", "gRPC", "Redis", "Microservices"],
            },
            TrackFr {
                title: "Ingénieur frontend",
                skills: &["TypeScript", "React", "CSS", "Accessibilité", "Next.js", "Performance web"],
            },
            TrackFr {
                title: "Ingénieur DevOps",
                skills: &["Kubernetes", "Terraform", "AWS", "CI/CD", "Docker", "Linux"],
            },
            TrackFr {
                title: "Ingénieur SRE",
                skills: &["Observabilité", "Prometheus", "Gestion des incidents", "Kubernetes", "Go", "Linux"],
            },
            TrackFr {
                title: "Développeur mobile",
                skills: &["Swift", "Kotlin", "iOS", "Android", "React Native", "Flutter"],
            },
            TrackFr {
                title: "Ingénieur QA",
                skills: &["Automatisation des tests", "Playwright", "Selenium", "Python", "CI/CD"],
            },
        ],
        leaders: &[
            "Responsable d'équipe d'ingénierie",
            "Directeur de l'ingénierie",
            "VP Ingénierie",
            "CTO",
            "Responsable plateforme",
        ],
        common_skills: &[
            "Méthodes agiles",
            "Revue de code",
            "Systèmes distribués",
            "Architecture cloud",
            "SQL",
            "API REST",
            "Git",
            "Tests unitaires",
        ],
        topics: &[
            "les systèmes distribués",
            "la revue de code",
            "l'observabilité",
            "la gestion des incidents",
            "la conception d'API",
            "la dette technique",
            "l'expérience développeur",
            "l'ingénierie de plateforme",
            "la sécurité mémoire",
            "la livraison continue",
            "la qualité de vie en astreinte",
            "l'architecture logicielle",
            "l'open source",
        ],
        wins: &[
            "réduit de 40 % nos temps de déploiement",
            "migré notre monolithe vers des services sans aucune interruption",
            "fait passer la latence p99 de 800 ms à 120 ms",
            "divisé par deux les alertes d'astreinte",
            "lancé une API publique utilisée par des milliers de développeurs",
            "réécrit un service critique en Rust",
            "migré l'ensemble de notre parc vers Kubernetes",
            "publié en open source nos outils de build internes",
        ],
        goals: &[
            "livrer des logiciels fiables plus vite",
            "construire des systèmes qui passent à l'échelle",
            "transformer leurs idées en produits qui fonctionnent",
        ],
        audiences: &["les équipes d'ingénierie", "les développeurs", "les équipes produit", "les startups"],
    },
    // Data & AI
    IndustryFr {
        field: "la data et le machine learning",
        lead: "principal",
        tracks: &[
            TrackFr {
                title: "Ingénieur data", skills: &["Kafka", "Spark", "Airflow", "SQL", "Python", "dbt", "Rust"]
            },
            TrackFr {
                title: "Data scientist",
                skills: &["Python", "Machine learning", "Statistiques", "pandas", "scikit-learn", "Expérimentation"],
            },
            TrackFr {
                title: "Ingénieur machine learning",
                skills: &["PyTorch", "MLOps", "Python", "Kubernetes", "Déploiement de modèles", "Feature stores"],
            },
            TrackFr {
                title: "Analyste de données",
                skills: &["SQL", "Tableau", "Excel", "Looker", "Visualisation de données", "Python"],
            },
            TrackFr {
                title: "Analytics engineer",
                skills: &["dbt", "SQL", "Snowflake", "Modélisation de données", "Looker", "BigQuery"],
            },
        ],
        leaders: &[
            "Responsable data",
            "Directeur data science",
            "Directeur des données",
            "Responsable de l'ingénierie des données",
        ],
        common_skills: &[
            "Qualité des données",
            "Gouvernance des données",
            "Entrepôts de données",
            "Tests A/B",
            "Communication",
        ],
        topics: &[
            "la qualité des données",
            "le feature engineering",
            "les pipelines temps réel",
            "l'évaluation des modèles",
            "la gouvernance des données",
            "l'expérimentation",
            "l'analytique respectueuse de la vie privée",
            "la stack data moderne",
            "les grands modèles de langage",
            "les tableaux de bord vraiment utilisés",
            "les contrats de données",
            "le traitement par lots face au temps réel",
        ],
        wins: &[
            "ramené notre traitement nocturne de six heures à quarante minutes",
            "lancé un modèle de recommandation qui a augmenté l'engagement de 12 %",
            "construit un pipeline temps réel qui traite un milliard d'événements par jour",
            "remplacé quarante rapports ponctuels par un seul tableau de bord de confiance",
            "mis en place des contrats de données dans cinq équipes",
            "divisé par deux la facture de notre entrepôt de données cloud",
        ],
        goals: &[
            "prendre de meilleures décisions grâce aux données",
            "transformer leurs données brutes en produits",
            "avoir confiance dans leurs chiffres",
        ],
        audiences: &[
            "les équipes d'analyse",
            "les chefs de produit",
            "les équipes data",
            "les dirigeants d'entreprise",
        ],
    },
    // Financial Services
    IndustryFr {
        field: "la finance",
        lead: "principal",
        tracks: &[
            TrackFr {
                title: "Analyste financier",
                skills: &["Modélisation financière", "Excel", "Prévisions", "Valorisation", "FP&A"],
            },
            TrackFr {
                title: "Comptable",
                skills: &["IFRS", "US GAAP", "Audit", "Rapprochements comptables", "SAP", "Fiscalité"],
            },
            TrackFr {
                title: "Analyste risques",
                skills: &["Risque de crédit", "Risque de marché", "Bâle III", "SQL", "Tests de résistance"],
            },
            TrackFr {
                title: "Analyste investissement",
                skills: &[
                    "Analyse financière actions",
                    "Valorisation",
                    "Gestion de portefeuille",
                    "Bloomberg",
                    "Modélisation DCF",
                ],
            },
            TrackFr {
                title: "Chargé de conformité",
                skills: &["LCB-FT", "KYC", "Reporting réglementaire", "MiFID II", "Évaluation des risques"],
            },
            TrackFr {
                title: "Analyste trésorerie",
                skills: &["Gestion de trésorerie", "Pilotage de la liquidité", "Couverture de change", "Excel", "SAP"],
            },
        ],
        leaders: &[
            "Responsable financier",
            "Directeur des risques",
            "Directeur administratif et financier",
            "Directeur financier",
            "Contrôleur financier",
        ],
        common_skills: &[
            "Excel",
            "Reporting financier",
            "Élaboration budgétaire",
            "Gestion des parties prenantes",
            "Power BI",
            "Python",
        ],
        topics: &[
            "les prévisions de trésorerie",
            "les taux d'intérêt",
            "le reporting réglementaire",
            "la gestion des risques",
            "la planification financière",
            "les paiements",
            "l'investissement ESG",
            "la clôture mensuelle",
            "la préparation aux audits",
            "l'allocation du capital",
            "la prévention de la fraude",
            "l'open banking",
        ],
        wins: &[
            "ramené la clôture mensuelle de dix jours à quatre",
            "construit un modèle de prévision sur lequel le conseil d'administration s'appuie désormais",
            "passé un audit réglementaire sans aucune observation",
            "automatisé des rapprochements qui prenaient une semaine",
            "réduit de 15 % les pertes sur crédit",
            "déployé un nouveau système de trésorerie dans douze entités",
        ],
        goals: &[
            "prendre leurs décisions financières en toute confiance",
            "croître de façon durable",
            "rester conformes sans ralentir",
        ],
        audiences: &["les équipes finance", "les fondateurs", "les directeurs financiers", "les investisseurs"],
    },
    // Healthcare
    IndustryFr {
        field: "la santé",
        lead: "référent",
        tracks: &[
            TrackFr {
                title: "Infirmier",
                skills: &[
                    "Soins aux patients",
                    "Triage",
                    "Dossier patient informatisé",
                    "Soins des plaies",
                    "Administration des médicaments",
                ],
            },
            TrackFr {
                title: "Médecin",
                skills: &["Médecine interne", "Diagnostic", "Soins aux patients", "Recherche clinique", "Télémédecine"],
            },
            TrackFr {
                title: "Pharmacien",
                skills: &["Pharmacologie", "Gestion des traitements", "Conseil aux patients", "Pharmacie clinique"],
            },
            TrackFr {
                title: "Kinésithérapeute",
                skills: &["Rééducation", "Médecine du sport", "Thérapie manuelle", "Prescription d'exercices"],
            },
            TrackFr {
                title: "Attaché de recherche clinique",
                skills: &[
                    "Bonnes pratiques cliniques",
                    "Essais cliniques",
                    "Monitoring des centres",
                    "Affaires réglementaires",
                    "Gestion des données cliniques",
                ],
            },
            TrackFr {
                title: "Analyste de données de santé",
                skills: &["SQL", "Épidémiologie", "Santé des populations", "Tableau", "Python"],
            },
        ],
        leaders: &["Directeur des soins", "Directeur médical", "Responsable des opérations cliniques", "Médecin-chef"],
        common_skills: &[
            "Sécurité des patients",
            "Qualité des soins",
            "Documentation clinique",
            "Confidentialité des données de santé",
            "Travail en équipe",
        ],
        topics: &[
            "la sécurité des patients",
            "la télémédecine",
            "les effectifs infirmiers",
            "les essais cliniques",
            "la prévention",
            "la santé numérique",
            "l'épuisement des soignants",
            "les parcours de soins",
            "l'équité en santé",
            "le dossier patient informatisé",
            "la santé mentale",
            "l'observance thérapeutique",
        ],
        wins: &[
            "réduit d'un tiers le temps d'attente des patients",
            "mis en place un nouveau processus de triage aux urgences",
            "contribué au lancement d'un service de télémédecine pour les patients en zone rurale",
            "réduit de 25 % les erreurs médicamenteuses dans notre service",
            "inclus les premiers patients d'un essai multicentrique en avance sur le calendrier",
            "formé quarante collègues au nouveau dossier patient",
        ],
        goals: &[
            "offrir de meilleurs soins aux patients",
            "rendre leurs établissements plus sûrs",
            "faire profiter plus vite les patients des avancées de la recherche",
        ],
        audiences: &["les patients", "les cliniciens", "les équipes soignantes", "les hôpitaux"],
    },
    // Marketing
    IndustryFr {
        field: "le marketing",
        lead: "principal",
        tracks: &[
            TrackFr {
                title: "Chargé de marketing",
                skills: &[
                    "Gestion de campagnes",
                    "Google Analytics",
                    "E-mailing",
                    "HubSpot",
                    "Automatisation marketing",
                ],
            },
            TrackFr {
                title: "Stratège de contenu",
                skills: &[
                    "Rédaction publicitaire",
                    "SEO",
                    "Stratégie de contenu",
                    "Révision éditoriale",
                    "Storytelling",
                ],
            },
            TrackFr {
                title: "Chargé d'acquisition",
                skills: &[
                    "Tests A/B",
                    "Acquisition payante",
                    "Google Ads",
                    "Optimisation du tunnel de conversion",
                    "SQL",
                ],
            },
            TrackFr {
                title: "Consultant SEO",
                skills: &[
                    "SEO",
                    "Recherche de mots-clés",
                    "Google Search Console",
                    "SEO technique",
                    "Marketing de contenu",
                ],
            },
            TrackFr {
                title: "Chef de marque",
                skills: &["Stratégie de marque", "Études de marché", "Positionnement", "Direction artistique"],
            },
            TrackFr {
                title: "Responsable réseaux sociaux",
                skills: &[
                    "Marketing sur les réseaux sociaux",
                    "Gestion de communauté",
                    "Création de contenu",
                    "Instagram",
                    "TikTok",
                ],
            },
        ],
        leaders: &[
            "Responsable marketing",
            "Directeur marketing",
            "Directeur marketing groupe",
            "Directeur de la croissance",
        ],
        common_skills: &[
            "Stratégie marketing",
            "Rédaction",
            "Analyse de données marketing",
            "Connaissance client",
            "Gestion de projet",
        ],
        topics: &[
            "le storytelling de marque",
            "l'attribution marketing",
            "la stratégie de contenu",
            "la fidélisation client",
            "le référencement naturel",
            "la création de communauté",
            "les lancements de produits",
            "l'e-mailing",
            "le marketing d'influence",
            "la stratégie de mise sur le marché",
            "les études clients",
            "les budgets marketing",
        ],
        wins: &[
            "augmenté le trafic organique de 180 % en un an",
            "mené une refonte de marque sur onze marchés",
            "doublé le nombre d'abonnés à notre newsletter",
            "réduit de 30 % le coût d'acquisition client",
            "mené une campagne qui a touché deux millions de personnes",
            "fédéré une communauté de dix mille clients",
        ],
        goals: &["raconter de meilleures histoires", "développer leur audience", "transformer leurs clients en fans"],
        audiences: &["les équipes marketing", "les marques", "les fondateurs", "les entreprises B2B"],
    },
    // Design
    IndustryFr {
        field: "le design produit",
        lead: "principal",
        tracks: &[
            TrackFr {
                title: "Product designer",
                skills: &[
                    "Figma",
                    "Prototypage",
                    "Recherche utilisateur",
                    "Design d'interaction",
                    "Systèmes de design",
                ],
            },
            TrackFr {
                title: "Chercheur UX",
                skills: &[
                    "Recherche utilisateur",
                    "Tests d'utilisabilité",
                    "Conduite d'entretiens",
                    "Conception de questionnaires",
                    "Cartographie de parcours",
                ],
            },
            TrackFr {
                title: "Designer UI",
                skills: &["Figma", "Design visuel", "Typographie", "Systèmes de design", "Illustration"],
            },
            TrackFr {
                title: "Graphiste",
                skills: &["Adobe Illustrator", "Photoshop", "Identité de marque", "Typographie", "Mise en page"],
            },
            TrackFr {
                title: "Rédacteur UX",
                skills: &["Rédaction UX", "Design de contenu", "Architecture de l'information", "Ton éditorial"],
            },
        ],
        leaders: &["Manager design", "Responsable du design", "Directeur du design", "Vice-président design"],
        common_skills: &["Figma", "Accessibilité", "Design thinking", "Collaboration", "Storytelling"],
        topics: &[
            "les systèmes de design",
            "l'accessibilité",
            "la recherche utilisateur",
            "les parcours d'onboarding",
            "la critique de design",
            "le prototypage",
            "le design inclusif",
            "les interfaces trompeuses",
            "le motion design",
            "l'architecture de l'information",
            "la passation entre design et développement",
            "l'organisation de la recherche utilisateur",
        ],
        wins: &[
            "repensé l'onboarding et augmenté l'activation de 22 %",
            "créé un système de design utilisé aujourd'hui par neuf équipes produit",
            "mené quarante entretiens utilisateurs qui ont redessiné notre feuille de route",
            "rendu notre application entièrement utilisable avec un lecteur d'écran",
            "réduit d'un quart les tickets de support grâce à des textes plus clairs",
        ],
        goals: &[
            "créer des produits que les gens adorent",
            "rendre simples des logiciels complexes",
            "concevoir avec les utilisateurs et non pour eux",
        ],
        audiences: &["les équipes produit", "les startups", "les designers", "les utilisateurs"],
    },
    // Education
    IndustryFr {
        field: "l'éducation",
        lead: "référent",
        tracks: &[
            TrackFr {
                title: "Enseignant",
                skills: &["Conception de programmes", "Gestion de classe", "Préparation de cours", "Évaluation"],
            },
            TrackFr {
                title: "Ingénieur pédagogique",
                skills: &[
                    "E-learning",
                    "Articulate Storyline",
                    "Conception de programmes",
                    "LMS",
                    "Formation des adultes",
                ],
            },
            TrackFr {
                title: "Enseignant-chercheur",
                skills: &["Recherche", "Rédaction académique", "Enseignement", "Montage de projets financés"],
            },
            TrackFr {
                title: "Chargé de formation",
                skills: &["Animation de formations", "Coaching", "Analyse des besoins", "Facilitation", "LMS"],
            },
            TrackFr {
                title: "Consultant en éducation",
                skills: &[
                    "Conception de programmes",
                    "Formation des enseignants",
                    "EdTech",
                    "Analyse des politiques publiques",
                    "Évaluation",
                ],
            },
        ],
        leaders: &["Chef de département", "Chef d'établissement", "Doyen", "Directeur pédagogique"],
        common_skills: &[
            "Enseignement",
            "Mentorat",
            "Prise de parole en public",
            "Google Classroom",
            "Technologies éducatives",
        ],
        topics: &[
            "l'apprentissage hybride",
            "l'engagement des élèves",
            "la conception des évaluations",
            "les classes inclusives",
            "le bien-être des enseignants",
            "la formation tout au long de la vie",
            "l'IA en classe",
            "l'éducation de la petite enfance",
            "les cours en ligne",
            "les compétences en lecture",
            "l'enseignement scientifique et technique",
            "les retours qui font vraiment progresser les élèves",
        ],
        wins: &[
            "augmenté de 18 % le taux de réussite aux examens",
            "lancé un cours en ligne suivi par cinq mille apprenants",
            "créé un programme de mentorat pour les nouveaux enseignants",
            "refondu le programme de mathématiques de trois niveaux",
            "ouvert des clubs de programmation dans trois écoles partenaires",
        ],
        goals: &["mieux apprendre", "révéler le meilleur de chaque élève", "acquérir des compétences durables"],
        audiences: &["les élèves", "les enseignants", "les écoles", "les apprenants"],
    },
    // Manufacturing
    IndustryFr {
        field: "l'industrie",
        lead: "expert",
        tracks: &[
            TrackFr {
                title: "Ingénieur méthodes",
                skills: &[
                    "Lean manufacturing",
                    "Six Sigma",
                    "CAO",
                    "Amélioration des processus",
                    "Programmation d'automates",
                ],
            },
            TrackFr {
                title: "Ingénieur qualité",
                skills: &["Assurance qualité", "ISO 9001", "Analyse des causes racines", "MSP", "AMDEC"],
            },
            TrackFr {
                title: "Ingénieur mécanique",
                skills: &[
                    "SolidWorks",
                    "CAO",
                    "Calcul par éléments finis",
                    "Développement produit",
                    "Cotation fonctionnelle",
                ],
            },
            TrackFr {
                title: "Planificateur de production",
                skills: &["ERP", "SAP", "Planification des capacités", "Ordonnancement", "Gestion des stocks"],
            },
            TrackFr {
                title: "Automaticien",
                skills: &["Programmation d'automates", "Robotique", "SCADA", "IoT industriel", "Siemens TIA Portal"],
            },
        ],
        leaders: &[
            "Directeur d'usine",
            "Directeur des opérations",
            "Responsable qualité",
            "Directeur industriel",
            "Responsable de production",
        ],
        common_skills: &[
            "Lean manufacturing",
            "Amélioration continue",
            "Santé et sécurité au travail",
            "Kaizen",
            "Résolution de problèmes",
        ],
        topics: &[
            "le lean manufacturing",
            "la maintenance prédictive",
            "l'automatisation industrielle",
            "le contrôle qualité",
            "la résilience des approvisionnements",
            "les jumeaux numériques",
            "la sécurité en usine",
            "la relocalisation",
            "l'efficacité énergétique dans les ateliers",
            "la fabrication additive",
            "le taux de rendement synthétique",
            "la production durable",
        ],
        wins: &[
            "fait passer le TRS de notre ligne principale de 62 % à 81 %",
            "réduit de moitié le taux de rebut",
            "mis en service une nouvelle cellule d'assemblage robotisée",
            "tenu 500 jours sans accident avec arrêt",
            "réduit de 45 minutes le temps de changement de série",
            "amené une nouvelle gamme de produits du prototype à la production en neuf mois",
        ],
        goals: &[
            "fabriquer de meilleurs produits avec moins de gaspillage",
            "faire tourner des usines plus sûres et plus sobres",
            "moderniser leurs usines",
        ],
        audiences: &["les équipes de production", "les industriels", "les opérateurs", "les équipes d'ingénierie"],
    },
    // Logistics
    IndustryFr {
        field: "la logistique",
        lead: "principal",
        tracks: &[
            TrackFr {
                title: "Analyste supply chain",
                skills: &["Planification de la supply chain", "Prévision de la demande", "SQL", "Excel", "SAP"],
            },
            TrackFr {
                title: "Coordinateur logistique",
                skills: &["Commission de transport", "Douane", "Expédition", "Gestion du transport", "Incoterms"],
            },
            TrackFr {
                title: "Acheteur",
                skills: &["Achats", "Gestion des fournisseurs", "Négociation", "Gestion des contrats", "Sourcing"],
            },
            TrackFr {
                title: "Superviseur d'entrepôt",
                skills: &[
                    "Gestion d'entrepôt",
                    "WMS",
                    "Contrôle des stocks",
                    "Santé et sécurité au travail",
                    "Management d'équipe",
                ],
            },
            TrackFr {
                title: "Planificateur transport",
                skills: &[
                    "Optimisation des tournées",
                    "Gestion du transport",
                    "Ordonnancement",
                    "Télématique",
                    "Excel",
                ],
            },
        ],
        leaders: &[
            "Responsable supply chain",
            "Responsable logistique",
            "Directeur des opérations",
            "Directeur supply chain groupe",
        ],
        common_skills: &[
            "Gestion de la chaîne d'approvisionnement",
            "Logistique",
            "Gestion des stocks",
            "Amélioration des processus",
        ],
        topics: &[
            "la livraison du dernier kilomètre",
            "la visibilité sur la chaîne d'approvisionnement",
            "la planification de la demande",
            "l'automatisation des entrepôts",
            "les taux de fret",
            "la relocalisation de proximité",
            "l'optimisation des stocks",
            "la logistique durable",
            "la congestion portuaire",
            "le risque fournisseur",
            "la logistique du froid",
            "la planification des tournées",
        ],
        wins: &[
            "réduit de deux jours nos délais de livraison",
            "réduit de 20 % les coûts de possession des stocks",
            "déployé un nouveau système de gestion d'entrepôt sur quatre sites",
            "renégocié nos contrats de fret et économisé 1,2 million",
            "porté le taux de livraison à l'heure à 98 %",
            "regroupé trois centres de distribution en un seul",
        ],
        goals: &[
            "acheminer leurs marchandises plus vite et à moindre coût",
            "bâtir des chaînes d'approvisionnement résilientes",
            "livrer à l'heure à chaque fois",
        ],
        audiences: &[
            "les équipes supply chain",
            "les chargeurs",
            "les distributeurs",
            "les responsables des opérations",
        ],
    },
    // Legal
    IndustryFr {
        field: "le droit",
        lead: "principal",
        tracks: &[
            TrackFr {
                title: "Avocat d'affaires",
                skills: &[
                    "Droit des sociétés",
                    "Fusions-acquisitions",
                    "Négociation contractuelle",
                    "Audit d'acquisition",
                    "Rédaction d'actes",
                ],
            },
            TrackFr {
                title: "Juriste d'entreprise",
                skills: &[
                    "Contrats commerciaux",
                    "Protection des données",
                    "RGPD",
                    "Négociation",
                    "Gestion des risques",
                ],
            },
            TrackFr {
                title: "Assistant juridique",
                skills: &[
                    "Recherche juridique",
                    "Revue documentaire",
                    "Gestion des dossiers",
                    "Rédaction d'actes",
                    "eDiscovery",
                ],
            },
            TrackFr {
                title: "Juriste données personnelles",
                skills: &[
                    "RGPD",
                    "CCPA",
                    "Protection des données dès la conception",
                    "Analyses d'impact relatives à la protection des données",
                    "Réglementation de l'IA",
                ],
            },
            TrackFr {
                title: "Avocat contentieux",
                skills: &["Contentieux", "Règlement des litiges", "Recherche juridique", "Plaidoirie", "Arbitrage"],
            },
        ],
        leaders: &[
            "Directeur juridique",
            "Associé",
            "Responsable juridique",
            "Délégué à la protection des données",
            "Associé gérant",
        ],
        common_skills: &[
            "Recherche juridique",
            "Droit des contrats",
            "Négociation",
            "Conformité réglementaire",
            "Rédaction juridique",
        ],
        topics: &[
            "le droit de la protection des données",
            "le règlement européen sur l'IA",
            "l'automatisation des contrats",
            "l'organisation des directions juridiques",
            "le droit du travail",
            "la propriété intellectuelle",
            "les opérations transfrontalières",
            "le règlement des litiges",
            "la legaltech",
            "la protection des données dès la conception",
            "les obligations de reporting ESG",
            "la protection des consommateurs",
        ],
        wins: &[
            "finalisé une acquisition transfrontalière en un temps record",
            "construit le premier programme de protection des données de l'entreprise",
            "ramené le délai de traitement des contrats de deux semaines à trois jours",
            "remporté un arbitrage de référence pour un client de longue date",
            "déployé l'automatisation des contrats pour l'équipe commerciale",
        ],
        goals: &[
            "aborder la réglementation en toute confiance",
            "conclure leurs accords sans mauvaise surprise",
            "rester du bon côté de la loi",
        ],
        audiences: &["les équipes juridiques", "les fondateurs", "les juristes d'entreprise", "les clients"],
    },
    // Consulting
    IndustryFr {
        field: "le conseil",
        lead: "principal",
        tracks: &[
            TrackFr {
                title: "Consultant en management",
                skills: &[
                    "Stratégie",
                    "Analyse métier",
                    "PowerPoint",
                    "Gestion des parties prenantes",
                    "Conduite du changement",
                ],
            },
            TrackFr {
                title: "Analyste métier",
                skills: &["Recueil des besoins", "Cartographie des processus", "SQL", "Jira", "Méthodes agiles"],
            },
            TrackFr {
                title: "Consultant en stratégie",
                skills: &[
                    "Stratégie d'entreprise",
                    "Analyse de marché",
                    "Audit d'acquisition",
                    "Modélisation financière",
                ],
            },
            TrackFr {
                title: "Consultant IT",
                skills: &[
                    "Migration vers le cloud",
                    "Architecture d'entreprise",
                    "SAP",
                    "Conception de solutions",
                    "Méthodes agiles",
                ],
            },
            TrackFr {
                title: "Consultant en performance opérationnelle",
                skills: &[
                    "Lean",
                    "Amélioration des processus",
                    "Modèles opérationnels",
                    "Réduction des coûts",
                    "Conduite du changement",
                ],
            },
        ],
        leaders: &["Manager de mission", "Directeur conseil", "Associé", "Directeur général", "Responsable d'offre"],
        common_skills: &[
            "Résolution de problèmes",
            "Relation client",
            "Aisance à l'oral",
            "Excel",
            "Gestion de projet",
        ],
        topics: &[
            "la transformation numérique",
            "les modèles opérationnels",
            "la conduite du changement",
            "les programmes de réduction des coûts",
            "l'adoption de l'IA",
            "l'intégration post-fusion",
            "l'expérience client",
            "la transformation des achats",
            "la planification des effectifs",
            "l'exécution de la stratégie",
            "la migration vers le cloud",
            "la stratégie de prix",
        ],
        wins: &[
            "aidé une enseigne de distribution à réduire sa base de coûts de 8 %",
            "piloté une intégration post-fusion dans trois pays",
            "conçu un nouveau modèle opérationnel pour une organisation de 5 000 personnes",
            "mené un programme d'adoption de l'IA pour un grand assureur",
            "livré une migration vers le cloud avec deux mois d'avance",
        ],
        goals: &[
            "transformer leur stratégie en résultats",
            "se transformer en toute confiance",
            "ancrer le changement dans la durée",
        ],
        audiences: &[
            "les dirigeants",
            "les comités de direction",
            "les clients",
            "les organisations du secteur public",
        ],
    },
    // Energy
    IndustryFr {
        field: "l'énergie",
        lead: "principal",
        tracks: &[
            TrackFr {
                title: "Analyste énergie",
                skills: &["Marchés de l'énergie", "Power BI", "Prévisions", "Python", "Excel"],
            },
            TrackFr {
                title: "Ingénieur électricien",
                skills: &[
                    "Réseaux électriques",
                    "Intégration au réseau",
                    "AutoCAD Electrical",
                    "Systèmes de protection",
                    "MATLAB",
                ],
            },
            TrackFr {
                title: "Ingénieur énergies renouvelables",
                skills: &["Photovoltaïque", "Éolien", "Stockage d'énergie", "PVsyst", "Développement de projets"],
            },
            TrackFr {
                title: "Ingénieur projet",
                skills: &["Gestion de projet", "Autorisations administratives", "Gestion de chantier", "Primavera"],
            },
            TrackFr {
                title: "Consultant développement durable",
                skills: &["Comptabilité carbone", "Reporting ESG", "Analyse du cycle de vie", "GHG Protocol"],
            },
        ],
        leaders: &[
            "Responsable énergies renouvelables",
            "Directeur des opérations",
            "Directeur du développement durable",
            "Directeur de la transition énergétique",
        ],
        common_skills: &[
            "Transition énergétique",
            "Santé et sécurité au travail",
            "Gestion de projet",
            "Énergies renouvelables",
            "Analyse de données",
        ],
        topics: &[
            "la flexibilité du réseau",
            "le stockage par batteries",
            "l'éolien en mer",
            "la transition énergétique",
            "les pompes à chaleur",
            "la comptabilité carbone",
            "l'hydrogène vert",
            "les contrats d'achat d'électricité",
            "l'effacement de consommation",
            "l'efficacité énergétique",
            "les autorisations des projets solaires",
            "les files d'attente de raccordement au réseau",
        ],
        wins: &[
            "raccordé au réseau un parc solaire de 50 MW",
            "réduit de 30 % les émissions de notre portefeuille",
            "mis en service notre première batterie à l'échelle du réseau",
            "obtenu les autorisations d'un projet éolien avec un an d'avance",
            "construit un modèle de prévision qui a réduit nos coûts d'écart",
            "aidé deux cents foyers à passer aux pompes à chaleur",
        ],
        goals: &[
            "décarboner plus vite",
            "bâtir un réseau plus propre",
            "réduire leurs coûts énergétiques et leurs émissions",
        ],
        audiences: &["les fournisseurs d'énergie", "les équipes énergie", "les développeurs de projets", "les ménages"],
    },
    // Retail & E-commerce
    IndustryFr {
        field: "le commerce de détail",
        lead: "principal",
        tracks: &[
            TrackFr {
                title: "Responsable e-commerce",
                skills: &[
                    "Shopify",
                    "Optimisation du taux de conversion",
                    "Google Analytics",
                    "Merchandising",
                    "Places de marché",
                ],
            },
            TrackFr {
                title: "Chef de catégorie",
                skills: &[
                    "Gestion par catégorie",
                    "Tarification",
                    "Négociation fournisseurs",
                    "Planification de l'assortiment",
                    "Excel",
                ],
            },
            TrackFr {
                title: "Merchandiser",
                skills: &[
                    "Merchandising visuel",
                    "Analyse des tendances",
                    "Planification de l'assortiment",
                    "Planification des stocks",
                ],
            },
            TrackFr {
                title: "Chargé d'expérience client",
                skills: &[
                    "Service client",
                    "Zendesk",
                    "Stratégie expérience client",
                    "NPS",
                    "Traitement des réclamations",
                ],
            },
            TrackFr {
                title: "Analyste opérations magasins",
                skills: &[
                    "Opérations en magasin",
                    "Gestion des stocks",
                    "Lutte contre la démarque",
                    "Planification des équipes",
                ],
            },
        ],
        leaders: &[
            "Directeur de magasin",
            "Directeur e-commerce",
            "Directeur du réseau de magasins",
            "Directeur du merchandising",
        ],
        common_skills: &["Commerce de détail", "Service client", "Vente", "Gestion des stocks", "Analyse de données"],
        topics: &[
            "le commerce omnicanal",
            "les taux de conversion",
            "la fidélité client",
            "les retours",
            "la stratégie de prix",
            "l'avenir des magasins",
            "les places de marché",
            "la préparation des fêtes de fin d'année",
            "la mode durable",
            "la personnalisation",
            "le parcours de commande",
            "la publicité sur les sites marchands",
        ],
        wins: &[
            "augmenté la conversion en ligne de 35 %",
            "réduit les retours de 18 % grâce à un meilleur guide des tailles",
            "ouvert quatre nouveaux magasins en un an",
            "lancé notre marque sur trois places de marché",
            "porté les inscriptions à notre programme de fidélité à un demi-million",
            "repensé le tunnel de commande et divisé par deux les abandons de panier",
        ],
        goals: &[
            "vendre plus en gaspillant moins",
            "ravir leurs clients en ligne comme en magasin",
            "développer leur activité e-commerce",
        ],
        audiences: &["les enseignes", "les marques", "les consommateurs", "les équipes en magasin"],
    },
    // Human Resources
    IndustryFr {
        field: "les ressources humaines",
        lead: "principal",
        tracks: &[
            TrackFr {
                title: "Business partner RH",
                skills: &[
                    "Relations sociales",
                    "Gestion de la performance",
                    "Planification des effectifs",
                    "Droit du travail",
                ],
            },
            TrackFr {
                title: "Chargé de recrutement",
                skills: &[
                    "Acquisition de talents",
                    "Sourcing",
                    "Conduite d'entretiens",
                    "Marque employeur",
                    "Recherche booléenne",
                ],
            },
            TrackFr {
                title: "Chargé d'administration RH",
                skills: &["SIRH", "Workday", "Paie", "Intégration des collaborateurs", "Politiques RH"],
            },
            TrackFr {
                title: "Analyste rémunération",
                skills: &[
                    "Rémunération et avantages sociaux",
                    "Pesée des postes",
                    "Excel",
                    "Équité salariale",
                    "Études de rémunération",
                ],
            },
            TrackFr {
                title: "Chargé du développement des talents",
                skills: &[
                    "Développement du leadership",
                    "Coaching",
                    "Ingénierie de formation",
                    "Facilitation",
                    "Parcours de carrière",
                ],
            },
        ],
        leaders: &[
            "Responsable des ressources humaines",
            "Directeur des ressources humaines",
            "DRH groupe",
            "Responsable du recrutement",
        ],
        common_skills: &[
            "Ressources humaines",
            "Engagement des collaborateurs",
            "Diversité et inclusion",
            "Conduite du changement",
        ],
        topics: &[
            "le travail hybride",
            "l'engagement des collaborateurs",
            "la transparence salariale",
            "le recrutement par compétences",
            "l'intégration des nouveaux collaborateurs",
            "la mobilité interne",
            "la marque employeur",
            "le bien-être au travail",
            "les entretiens annuels",
            "la diversité et l'inclusion",
            "la semaine de quatre jours",
            "l'expérience candidat",
        ],
        wins: &[
            "réduit le délai de recrutement de 60 à 28 jours",
            "déployé une politique de transparence salariale",
            "augmenté de 14 points les scores d'engagement",
            "recruté 200 ingénieurs en un an",
            "lancé un programme de mentorat avec 300 participants",
            "fait passer toute l'entreprise sur un SIRH unique",
        ],
        goals: &[
            "recruter et fidéliser les meilleurs talents",
            "créer des lieux de travail où l'on se sent bien",
            "faire grandir leurs talents",
        ],
        audiences: &["les équipes RH", "les managers qui recrutent", "les collaborateurs", "les fondateurs"],
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::industries::INDUSTRIES;

    #[test]
    fn aligned_with_the_english_tables() {
        assert_eq!(INDUSTRIES_FR.len(), INDUSTRIES.len());
        for (en, fr) in INDUSTRIES.iter().zip(INDUSTRIES_FR) {
            let name = en.name;
            assert_eq!(fr.tracks.len(), en.tracks.len(), "{name}: tracks");
            for (t, (te, tf)) in en.tracks.iter().zip(fr.tracks).enumerate() {
                assert_eq!(tf.skills.len(), te.skills.len(), "{name}: skills of track {t} ({})", te.title);
            }
            assert_eq!(fr.leaders.len(), en.leaders.len(), "{name}: leaders");
            assert_eq!(fr.common_skills.len(), en.common_skills.len(), "{name}: common skills");
            assert_eq!(fr.topics.len(), en.topics.len(), "{name}: topics");
            assert_eq!(fr.wins.len(), en.wins.len(), "{name}: wins");
            assert_eq!(fr.goals.len(), en.goals.len(), "{name}: goals");
            assert_eq!(fr.audiences.len(), en.audiences.len(), "{name}: audiences");
        }
    }

    #[test]
    fn words_are_well_formed() {
        for fr in INDUSTRIES_FR {
            let skills = fr.tracks.iter().flat_map(|t| t.skills.iter()).chain(fr.common_skills);
            for skill in skills {
                assert!(!skill.is_empty() && !skill.contains([',', '\n']), "skill {skill:?}");
            }
            for track in fr.tracks {
                let mut seen = track.skills.to_vec();
                seen.sort_unstable();
                seen.dedup();
                assert_eq!(seen.len(), track.skills.len(), "a skill twice in {}", track.title);
            }
            // Topics, the field and audiences carry their definite article.
            let articled = fr.topics.iter().chain(fr.audiences).chain([&fr.field]);
            for phrase in articled {
                assert!(["le ", "la ", "l'", "les "].iter().any(|a| phrase.starts_with(a)), "no article: {phrase}");
            }
            assert!(fr.audiences.iter().all(|a| a.starts_with("les ")), "audiences are plural");
            // Results end a sentence of an About text, which is counted in sentences.
            for phrase in fr.wins.iter().chain(fr.goals) {
                assert!(!phrase.contains(['.', '!', '?', '\n']), "{phrase}");
            }
            assert!(!fr.lead.is_empty() && !fr.leaders.is_empty());
        }
    }

    #[test]
    fn titles_read_in_french() {
        let software = &INDUSTRIES_FR[0];
        assert_eq!(software.title(1, 0, 0), "Ingénieur backend junior");
        assert_eq!(software.title(1, 1, 0), "Ingénieur backend");
        assert_eq!(software.title(1, 2, 0), "Ingénieur backend senior");
        assert_eq!(software.title(1, 3, 0), "Ingénieur backend principal");
        assert_eq!(software.title(1, crate::industries::LEADERSHIP, 1), "Directeur de l'ingénierie");
        assert_eq!(INDUSTRIES_FR[3].title(0, 3, 0), "Infirmier référent");
    }
}

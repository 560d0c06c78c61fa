//! What members do: industries with their job titles at every seniority, skills that belong
//! together, company-name patterns and the vocabulary people in them write with.

/// A line of work inside an industry, e.g. "Data Engineer", with the skills that go with it.
pub(crate) struct Track {
    pub(crate) title: &'static str,
    pub(crate) skills: &'static [&'static str],
}

/// One industry and everything the generator writes about it.
pub(crate) struct Industry {
    /// Display name, as on a company page ("Software").
    pub(crate) name: &'static str,
    /// The field, as it reads in a sentence ("software engineering").
    pub(crate) field: &'static str,
    /// Relative share of members working in it.
    pub(crate) weight: u32,
    /// Industries people move to and from (indices into [`INDUSTRIES`]).
    pub(crate) adjacent: &'static [usize],
    /// The word before a base title at the entry level ("Junior", "Assistant").
    pub(crate) junior: &'static str,
    /// The word before a base title at the level above senior ("Staff", "Lead").
    pub(crate) lead: &'static str,
    pub(crate) tracks: &'static [Track],
    /// Titles at the leadership level, whatever the track.
    pub(crate) leaders: &'static [&'static str],
    /// Skills anyone in the industry may list.
    pub(crate) common_skills: &'static [&'static str],
    /// What people in the industry talk and write about (lower case noun phrases).
    pub(crate) topics: &'static [&'static str],
    /// Results someone can be proud of, as past-tense verb phrases ("cut scrap rates in half").
    pub(crate) wins: &'static [&'static str],
    /// What the industry's professionals help others do ("ship reliable software faster").
    pub(crate) goals: &'static [&'static str],
    /// Whom they serve, in the plural ("engineering teams").
    pub(crate) audiences: &'static [&'static str],
    /// Company names: `{root}`, `{surname}`, `{surname2}` and `{city}` are filled in.
    pub(crate) company_patterns: &'static [&'static str],
}

/// How senior a title is: 0 entry, 1 regular, 2 senior, 3 lead, 4 leadership.
pub(crate) const LEADERSHIP: u8 = 4;

impl Industry {
    /// The title of someone on `track` at `level`; `leader` picks among leadership titles.
    pub(crate) fn title(&self, track: usize, level: u8, leader: usize) -> String {
        let base = self.tracks[track].title;
        match level {
            0 => format!("{} {base}", self.junior),
            1 => base.to_string(),
            2 => format!("Senior {base}"),
            3 => format!("{} {base}", self.lead),
            _ => self.leaders[leader % self.leaders.len()].to_string(),
        }
    }
}

pub(crate) const INDUSTRIES: &[Industry] = &[
    Industry {
        name: "Software",
        field: "software engineering",
        weight: 14,
        adjacent: &[1, 5, 10],
        junior: "Junior",
        lead: "Staff",
        tracks: &[
            Track {
                title: "Software Engineer",
                skills: &["Rust", "Go", "Java", "Python", "TypeScript", "System Design"],
            },
            Track {
                title: "Backend Engineer",
                skills: &["Go", "PostgreSQL", "Kafka", "gRPC", "Redis", "Microservices"],
            },
            Track {
                title: "Frontend Engineer",
                skills: &["TypeScript", "React", "CSS", "Accessibility", "Next.js", "Web Performance"],
            },
            Track { title: "DevOps Engineer", skills: &["Kubernetes", "Terraform", "AWS", "CI/CD", "Docker", "Linux"] },
            Track {
                title: "Site Reliability Engineer",
                skills: &["Observability", "Prometheus", "Incident Management", "Kubernetes", "Go", "Linux"],
            },
            Track {
                title: "Mobile Developer",
                skills: &["Swift", "Kotlin", "iOS", "Android", "React Native", "Flutter"],
            },
            Track { title: "QA Engineer", skills: &["Test Automation", "Playwright", "Selenium", "Python", "CI/CD"] },
        ],
        leaders: &["Engineering Manager", "Director of Engineering", "VP of Engineering", "CTO", "Head of Platform"],
        common_skills: &[
            "Agile",
            "Code Review",
            "Distributed Systems",
            "Cloud Architecture",
            "SQL",
            "REST APIs",
            "Git",
            "Unit Testing",
        ],
        topics: &[
            "distributed systems",
            "code review",
            "observability",
            "incident response",
            "API design",
            "technical debt",
            "developer experience",
            "platform engineering",
            "memory safety",
            "continuous delivery",
            "on-call health",
            "software architecture",
            "open source",
        ],
        wins: &[
            "cut deployment times by 40%",
            "migrated our monolith to services without downtime",
            "reduced p99 latency from 800 ms to 120 ms",
            "brought our on-call pages down by half",
            "shipped a public API used by thousands of developers",
            "rewrote a critical service in Rust",
            "moved the whole fleet to Kubernetes",
            "open-sourced our internal build tooling",
        ],
        goals: &["ship reliable software faster", "build systems that scale", "turn ideas into working products"],
        audiences: &["engineering teams", "developers", "product teams", "startups"],
        company_patterns: &[
            "{root} Software",
            "{root} Labs",
            "{root} Systems",
            "{root} Technologies",
            "{root}.io",
            "{root} Cloud",
        ],
    },
    Industry {
        name: "Data & AI",
        field: "data and machine learning",
        weight: 6,
        adjacent: &[0, 2, 4, 10],
        junior: "Junior",
        lead: "Lead",
        tracks: &[
            Track { title: "Data Engineer", skills: &["Kafka", "Spark", "Airflow", "SQL", "Python", "dbt", "Rust"] },
            Track {
                title: "Data Scientist",
                skills: &["Python", "Machine Learning", "Statistics", "pandas", "scikit-learn", "Experimentation"],
            },
            Track {
                title: "Machine Learning Engineer",
                skills: &["PyTorch", "MLOps", "Python", "Kubernetes", "Model Serving", "Feature Stores"],
            },
            Track {
                title: "Data Analyst",
                skills: &["SQL", "Tableau", "Excel", "Looker", "Data Visualization", "Python"],
            },
            Track {
                title: "Analytics Engineer",
                skills: &["dbt", "SQL", "Snowflake", "Data Modeling", "Looker", "BigQuery"],
            },
        ],
        leaders: &["Head of Data", "Director of Data Science", "Chief Data Officer", "Data Engineering Manager"],
        common_skills: &["Data Quality", "Data Governance", "Data Warehousing", "A/B Testing", "Communication"],
        topics: &[
            "data quality",
            "feature engineering",
            "streaming pipelines",
            "model evaluation",
            "data governance",
            "experimentation",
            "privacy-preserving analytics",
            "the modern data stack",
            "large language models",
            "dashboards people actually use",
            "data contracts",
            "batch versus streaming",
        ],
        wins: &[
            "cut our nightly batch from six hours to forty minutes",
            "launched a recommendation model that lifted engagement by 12%",
            "built a streaming pipeline that handles a billion events a day",
            "replaced forty ad-hoc reports with one trusted dashboard",
            "introduced data contracts across five teams",
            "halved our cloud warehouse bill",
        ],
        goals: &["make better decisions with data", "turn raw data into products", "trust their numbers"],
        audiences: &["analytics teams", "product managers", "data teams", "business leaders"],
        company_patterns: &["{root} Analytics", "{root} Data", "{root} AI", "{root} Insights", "{root} Intelligence"],
    },
    Industry {
        name: "Financial Services",
        field: "finance",
        weight: 10,
        adjacent: &[1, 9, 10],
        junior: "Junior",
        lead: "Lead",
        tracks: &[
            Track {
                title: "Financial Analyst",
                skills: &["Financial Modeling", "Excel", "Forecasting", "Valuation", "FP&A"],
            },
            Track { title: "Accountant", skills: &["IFRS", "US GAAP", "Audit", "Reconciliation", "SAP", "Tax"] },
            Track {
                title: "Risk Analyst",
                skills: &["Credit Risk", "Market Risk", "Basel III", "SQL", "Stress Testing"],
            },
            Track {
                title: "Investment Analyst",
                skills: &["Equity Research", "Valuation", "Portfolio Management", "Bloomberg", "DCF Modeling"],
            },
            Track {
                title: "Compliance Officer",
                skills: &["AML", "KYC", "Regulatory Reporting", "MiFID II", "Risk Assessment"],
            },
            Track {
                title: "Treasury Analyst",
                skills: &["Cash Management", "Liquidity Planning", "FX Hedging", "Excel", "SAP"],
            },
        ],
        leaders: &[
            "Finance Manager",
            "Head of Risk",
            "Chief Financial Officer",
            "Finance Director",
            "Financial Controller",
        ],
        common_skills: &["Excel", "Financial Reporting", "Budgeting", "Stakeholder Management", "Power BI", "Python"],
        topics: &[
            "cash flow forecasting",
            "interest rates",
            "regulatory reporting",
            "risk management",
            "financial planning",
            "payments",
            "ESG investing",
            "the month-end close",
            "audit readiness",
            "capital allocation",
            "fraud prevention",
            "open banking",
        ],
        wins: &[
            "shortened the month-end close from ten days to four",
            "built a forecasting model the board now relies on",
            "passed a regulatory audit with zero findings",
            "automated reconciliations that used to take a week",
            "reduced credit losses by 15%",
            "rolled out a new treasury system across twelve entities",
        ],
        goals: &["make confident financial decisions", "grow sustainably", "stay compliant without slowing down"],
        audiences: &["finance teams", "founders", "CFOs", "investors"],
        company_patterns: &[
            "{root} Capital",
            "{root} Bank",
            "{root} Financial",
            "{root} Wealth Partners",
            "{root} Asset Management",
            "{root} Insurance",
        ],
    },
    Industry {
        name: "Healthcare",
        field: "healthcare",
        weight: 10,
        adjacent: &[1, 6],
        junior: "Junior",
        lead: "Lead",
        tracks: &[
            Track {
                title: "Clinical Nurse",
                skills: &[
                    "Patient Care",
                    "Triage",
                    "Electronic Health Records",
                    "Wound Care",
                    "Medication Administration",
                ],
            },
            Track {
                title: "Physician",
                skills: &["Internal Medicine", "Diagnostics", "Patient Care", "Clinical Research", "Telemedicine"],
            },
            Track {
                title: "Pharmacist",
                skills: &["Pharmacology", "Medication Management", "Patient Counseling", "Clinical Pharmacy"],
            },
            Track {
                title: "Physiotherapist",
                skills: &["Rehabilitation", "Sports Medicine", "Manual Therapy", "Exercise Prescription"],
            },
            Track {
                title: "Clinical Research Associate",
                skills: &[
                    "GCP",
                    "Clinical Trials",
                    "Site Monitoring",
                    "Regulatory Affairs",
                    "Clinical Data Management",
                ],
            },
            Track {
                title: "Health Data Analyst",
                skills: &["SQL", "Epidemiology", "Population Health", "Tableau", "Python"],
            },
        ],
        leaders: &["Head of Nursing", "Medical Director", "Clinical Operations Manager", "Chief Medical Officer"],
        common_skills: &["Patient Safety", "Healthcare Quality", "Clinical Documentation", "HIPAA", "Teamwork"],
        topics: &[
            "patient safety",
            "telemedicine",
            "nurse staffing",
            "clinical trials",
            "preventive care",
            "digital health",
            "burnout in healthcare",
            "care pathways",
            "health equity",
            "electronic health records",
            "mental health",
            "medication adherence",
        ],
        wins: &[
            "reduced patient waiting times by a third",
            "introduced a new triage process in the emergency department",
            "helped launch a telemedicine service for rural patients",
            "cut medication errors on our ward by 25%",
            "enrolled the first patients in a multi-site trial ahead of schedule",
            "trained forty colleagues on the new records system",
        ],
        goals: &["deliver better patient care", "run safer clinics", "bring research to patients sooner"],
        audiences: &["patients", "clinicians", "care teams", "hospitals"],
        company_patterns: &[
            "{root} Health",
            "{root} Medical Center",
            "{city} General Hospital",
            "{root} Clinic",
            "{root} Pharma",
            "{root} Care",
        ],
    },
    Industry {
        name: "Marketing",
        field: "marketing",
        weight: 8,
        adjacent: &[5, 12, 1],
        junior: "Junior",
        lead: "Lead",
        tracks: &[
            Track {
                title: "Marketing Specialist",
                skills: &[
                    "Campaign Management",
                    "Google Analytics",
                    "Email Marketing",
                    "HubSpot",
                    "Marketing Automation",
                ],
            },
            Track {
                title: "Content Strategist",
                skills: &["Copywriting", "SEO", "Content Strategy", "Editing", "Storytelling"],
            },
            Track {
                title: "Growth Marketer",
                skills: &["A/B Testing", "Performance Marketing", "Google Ads", "Funnel Optimization", "SQL"],
            },
            Track {
                title: "SEO Specialist",
                skills: &["SEO", "Keyword Research", "Google Search Console", "Technical SEO", "Content Marketing"],
            },
            Track {
                title: "Brand Manager",
                skills: &["Brand Strategy", "Market Research", "Positioning", "Creative Direction"],
            },
            Track {
                title: "Social Media Manager",
                skills: &["Social Media Marketing", "Community Management", "Content Creation", "Instagram", "TikTok"],
            },
        ],
        leaders: &["Head of Marketing", "Marketing Director", "Chief Marketing Officer", "VP of Growth"],
        common_skills: &["Marketing Strategy", "Copywriting", "Analytics", "Customer Insights", "Project Management"],
        topics: &[
            "brand storytelling",
            "marketing attribution",
            "content strategy",
            "customer retention",
            "search engine optimisation",
            "community building",
            "product launches",
            "email marketing",
            "influencer marketing",
            "go-to-market strategy",
            "customer research",
            "marketing budgets",
        ],
        wins: &[
            "grew organic traffic by 180% in a year",
            "launched a rebrand across eleven markets",
            "doubled our newsletter subscribers",
            "cut customer acquisition cost by 30%",
            "ran a campaign that reached two million people",
            "built a community of ten thousand customers",
        ],
        goals: &["tell better stories", "grow their audience", "turn customers into fans"],
        audiences: &["marketing teams", "brands", "founders", "B2B companies"],
        company_patterns: &[
            "{root} Media",
            "{root} Creative",
            "{root} Agency",
            "{root} Marketing",
            "{root} & Co",
            "{root} Communications",
        ],
    },
    Industry {
        name: "Design",
        field: "product design",
        weight: 4,
        adjacent: &[0, 4],
        junior: "Junior",
        lead: "Lead",
        tracks: &[
            Track {
                title: "Product Designer",
                skills: &["Figma", "Prototyping", "User Research", "Interaction Design", "Design Systems"],
            },
            Track {
                title: "UX Researcher",
                skills: &["User Research", "Usability Testing", "Interviewing", "Survey Design", "Journey Mapping"],
            },
            Track {
                title: "UI Designer",
                skills: &["Figma", "Visual Design", "Typography", "Design Systems", "Illustration"],
            },
            Track {
                title: "Graphic Designer",
                skills: &["Adobe Illustrator", "Photoshop", "Branding", "Typography", "Layout"],
            },
            Track {
                title: "UX Writer",
                skills: &["UX Writing", "Content Design", "Information Architecture", "Voice and Tone"],
            },
        ],
        leaders: &["Design Manager", "Head of Design", "Design Director", "VP of Design"],
        common_skills: &["Figma", "Accessibility", "Design Thinking", "Collaboration", "Storytelling"],
        topics: &[
            "design systems",
            "accessibility",
            "user research",
            "onboarding flows",
            "design critique",
            "prototyping",
            "inclusive design",
            "dark patterns",
            "motion design",
            "information architecture",
            "design handoff",
            "research operations",
        ],
        wins: &[
            "redesigned onboarding and lifted activation by 22%",
            "built a design system now used by nine product teams",
            "ran forty user interviews that reshaped our roadmap",
            "made our app fully usable with a screen reader",
            "cut support tickets by a quarter with clearer copy",
        ],
        goals: &["build products people love", "make complex software simple", "design with users, not for them"],
        audiences: &["product teams", "startups", "designers", "users"],
        company_patterns: &["{root} Design", "{root} Studio", "{root} Interactive", "Studio {root}", "{root} Works"],
    },
    Industry {
        name: "Education",
        field: "education",
        weight: 8,
        adjacent: &[13, 3],
        junior: "Assistant",
        lead: "Lead",
        tracks: &[
            Track {
                title: "Teacher",
                skills: &["Curriculum Design", "Classroom Management", "Lesson Planning", "Assessment"],
            },
            Track {
                title: "Instructional Designer",
                skills: &["E-learning", "Articulate Storyline", "Curriculum Design", "LMS", "Adult Learning"],
            },
            Track { title: "Lecturer", skills: &["Research", "Academic Writing", "Teaching", "Grant Writing"] },
            Track {
                title: "Learning and Development Specialist",
                skills: &["Training Delivery", "Coaching", "Needs Analysis", "Facilitation", "LMS"],
            },
            Track {
                title: "Education Consultant",
                skills: &["Curriculum Design", "Teacher Training", "EdTech", "Policy Analysis", "Assessment"],
            },
        ],
        leaders: &["Head of Department", "School Principal", "Dean", "Director of Learning"],
        common_skills: &["Teaching", "Mentoring", "Public Speaking", "Google Classroom", "Educational Technology"],
        topics: &[
            "blended learning",
            "student engagement",
            "assessment design",
            "inclusive classrooms",
            "teacher wellbeing",
            "lifelong learning",
            "AI in the classroom",
            "early years education",
            "online courses",
            "reading skills",
            "STEM education",
            "feedback that helps students",
        ],
        wins: &[
            "raised exam pass rates by 18%",
            "launched an online course taken by five thousand learners",
            "built a mentoring programme for new teachers",
            "redesigned the maths curriculum for three year groups",
            "brought coding clubs to three partner schools",
        ],
        goals: &["learn better", "bring out the best in every student", "build skills that last"],
        audiences: &["students", "teachers", "schools", "learners"],
        company_patterns: &[
            "{root} Academy",
            "{city} University",
            "{root} School",
            "{root} Learning",
            "{root} Institute",
            "{root} College",
        ],
    },
    Industry {
        name: "Manufacturing",
        field: "manufacturing",
        weight: 7,
        adjacent: &[8, 11],
        junior: "Junior",
        lead: "Lead",
        tracks: &[
            Track {
                title: "Manufacturing Engineer",
                skills: &["Lean Manufacturing", "Six Sigma", "CAD", "Process Improvement", "PLC Programming"],
            },
            Track {
                title: "Quality Engineer",
                skills: &["Quality Assurance", "ISO 9001", "Root Cause Analysis", "SPC", "FMEA"],
            },
            Track {
                title: "Mechanical Engineer",
                skills: &["SolidWorks", "CAD", "FEA", "Product Development", "GD&T"],
            },
            Track {
                title: "Production Planner",
                skills: &["ERP", "SAP", "Capacity Planning", "Scheduling", "Inventory Management"],
            },
            Track {
                title: "Automation Engineer",
                skills: &["PLC Programming", "Robotics", "SCADA", "Industrial IoT", "Siemens TIA Portal"],
            },
        ],
        leaders: &[
            "Plant Manager",
            "Operations Director",
            "Head of Quality",
            "VP of Manufacturing",
            "Production Manager",
        ],
        common_skills: &[
            "Lean Manufacturing",
            "Continuous Improvement",
            "Health and Safety",
            "Kaizen",
            "Problem Solving",
        ],
        topics: &[
            "lean manufacturing",
            "predictive maintenance",
            "industrial automation",
            "quality control",
            "supply resilience",
            "digital twins",
            "factory safety",
            "reshoring",
            "energy efficiency on the shop floor",
            "additive manufacturing",
            "overall equipment effectiveness",
            "sustainable production",
        ],
        wins: &[
            "raised OEE on our main line from 62% to 81%",
            "cut scrap rates in half",
            "commissioned a new robotic assembly cell",
            "went 500 days without a lost-time accident",
            "reduced changeover time by 45 minutes",
            "brought a new product line from prototype to production in nine months",
        ],
        goals: &["build better products with less waste", "run safer, leaner plants", "modernise their factories"],
        audiences: &["plant teams", "manufacturers", "operators", "engineering teams"],
        company_patterns: &[
            "{root} Industries",
            "{root} Manufacturing",
            "{root} Components",
            "{root} Precision",
            "{root} Engineering",
            "{root} Machinery",
        ],
    },
    Industry {
        name: "Logistics",
        field: "logistics",
        weight: 6,
        adjacent: &[7, 12],
        junior: "Junior",
        lead: "Lead",
        tracks: &[
            Track {
                title: "Supply Chain Analyst",
                skills: &["Supply Chain Planning", "Demand Forecasting", "SQL", "Excel", "SAP"],
            },
            Track {
                title: "Logistics Coordinator",
                skills: &["Freight Forwarding", "Customs", "Shipping", "Transport Management", "Incoterms"],
            },
            Track {
                title: "Procurement Specialist",
                skills: &["Procurement", "Supplier Management", "Negotiation", "Contract Management", "Sourcing"],
            },
            Track {
                title: "Warehouse Supervisor",
                skills: &["Warehouse Management", "WMS", "Inventory Control", "Health and Safety", "Team Leadership"],
            },
            Track {
                title: "Transport Planner",
                skills: &["Route Optimization", "Transport Management", "Scheduling", "Telematics", "Excel"],
            },
        ],
        leaders: &["Head of Supply Chain", "Logistics Manager", "Operations Director", "Chief Supply Chain Officer"],
        common_skills: &["Supply Chain Management", "Logistics", "Inventory Management", "Process Improvement"],
        topics: &[
            "last-mile delivery",
            "supply chain visibility",
            "demand planning",
            "warehouse automation",
            "freight rates",
            "nearshoring",
            "inventory optimisation",
            "sustainable logistics",
            "port congestion",
            "supplier risk",
            "cold chain logistics",
            "route planning",
        ],
        wins: &[
            "cut delivery lead times by two days",
            "reduced inventory carrying costs by 20%",
            "rolled out a new warehouse management system across four sites",
            "renegotiated our freight contracts and saved 1.2 million",
            "brought on-time delivery to 98%",
            "consolidated three distribution centres into one",
        ],
        goals: &["move goods faster and cheaper", "build resilient supply chains", "deliver on time, every time"],
        audiences: &["supply chain teams", "shippers", "retailers", "operations leaders"],
        company_patterns: &[
            "{root} Logistics",
            "{root} Freight",
            "{root} Supply Chain",
            "{root} Transport",
            "{root} Shipping",
            "{root} Distribution",
        ],
    },
    Industry {
        name: "Legal",
        field: "law",
        weight: 4,
        adjacent: &[2, 13, 10],
        junior: "Junior",
        lead: "Lead",
        tracks: &[
            Track {
                title: "Corporate Lawyer",
                skills: &["Corporate Law", "M&A", "Contract Negotiation", "Due Diligence", "Legal Drafting"],
            },
            Track {
                title: "Legal Counsel",
                skills: &["Commercial Contracts", "Data Protection", "GDPR", "Negotiation", "Risk Management"],
            },
            Track {
                title: "Paralegal",
                skills: &["Legal Research", "Document Review", "Case Management", "Legal Drafting", "eDiscovery"],
            },
            Track {
                title: "Privacy Counsel",
                skills: &["GDPR", "CCPA", "Privacy by Design", "Data Protection Impact Assessments", "AI Regulation"],
            },
            Track {
                title: "Litigation Lawyer",
                skills: &["Litigation", "Dispute Resolution", "Legal Research", "Advocacy", "Arbitration"],
            },
        ],
        leaders: &["General Counsel", "Partner", "Head of Legal", "Chief Privacy Officer", "Managing Partner"],
        common_skills: &["Legal Research", "Contract Law", "Negotiation", "Regulatory Compliance", "Legal Writing"],
        topics: &[
            "data protection law",
            "the EU AI Act",
            "contract automation",
            "legal operations",
            "employment law",
            "intellectual property",
            "cross-border deals",
            "dispute resolution",
            "legal tech",
            "privacy by design",
            "ESG reporting rules",
            "consumer protection",
        ],
        wins: &[
            "closed a cross-border acquisition in record time",
            "built the company's first privacy programme",
            "cut contract turnaround from two weeks to three days",
            "won a landmark arbitration for a long-standing client",
            "rolled out contract automation for the sales team",
        ],
        goals: &[
            "navigate regulation with confidence",
            "close deals without surprises",
            "stay on the right side of the law",
        ],
        audiences: &["legal teams", "founders", "in-house counsel", "clients"],
        company_patterns: &[
            "{surname} & {surname2} LLP",
            "{surname} Legal",
            "{surname} {surname2} Partners",
            "{root} Law",
            "{root} Legal Services",
        ],
    },
    Industry {
        name: "Consulting",
        field: "consulting",
        weight: 7,
        adjacent: &[2, 0, 11],
        junior: "Junior",
        lead: "Lead",
        tracks: &[
            Track {
                title: "Management Consultant",
                skills: &["Strategy", "Business Analysis", "PowerPoint", "Stakeholder Management", "Change Management"],
            },
            Track {
                title: "Business Analyst",
                skills: &["Requirements Gathering", "Process Mapping", "SQL", "Jira", "Agile"],
            },
            Track {
                title: "Strategy Consultant",
                skills: &["Corporate Strategy", "Market Analysis", "Due Diligence", "Financial Modeling"],
            },
            Track {
                title: "Technology Consultant",
                skills: &["Cloud Migration", "Enterprise Architecture", "SAP", "Solution Design", "Agile"],
            },
            Track {
                title: "Operations Consultant",
                skills: &["Lean", "Process Improvement", "Operating Models", "Cost Reduction", "Change Management"],
            },
        ],
        leaders: &["Engagement Manager", "Principal", "Partner", "Managing Director", "Practice Lead"],
        common_skills: &["Problem Solving", "Client Management", "Presentation Skills", "Excel", "Project Management"],
        topics: &[
            "digital transformation",
            "operating models",
            "change management",
            "cost transformation",
            "AI adoption",
            "post-merger integration",
            "customer experience",
            "procurement transformation",
            "workforce planning",
            "strategy execution",
            "cloud migration",
            "pricing strategy",
        ],
        wins: &[
            "helped a retailer take 8% out of its cost base",
            "led a post-merger integration across three countries",
            "designed a new operating model for a 5,000-person organisation",
            "ran an AI adoption programme for a large insurer",
            "delivered a cloud migration two months early",
        ],
        goals: &["turn strategy into results", "transform with confidence", "make change stick"],
        audiences: &["executives", "leadership teams", "clients", "public sector organisations"],
        company_patterns: &[
            "{root} Consulting",
            "{root} Partners",
            "{root} Advisory",
            "{root} Group",
            "{surname} & {surname2} Consulting",
        ],
    },
    Industry {
        name: "Energy",
        field: "energy",
        weight: 4,
        adjacent: &[7, 10],
        junior: "Junior",
        lead: "Lead",
        tracks: &[
            Track {
                title: "Energy Analyst",
                skills: &["Energy Markets", "Power BI", "Forecasting", "Python", "Excel"],
            },
            Track {
                title: "Electrical Engineer",
                skills: &["Power Systems", "Grid Integration", "AutoCAD Electrical", "Protection Systems", "MATLAB"],
            },
            Track {
                title: "Renewable Energy Engineer",
                skills: &["Solar PV", "Wind Energy", "Energy Storage", "PVsyst", "Project Development"],
            },
            Track {
                title: "Project Engineer",
                skills: &["Project Management", "Permitting", "Construction Management", "Primavera"],
            },
            Track {
                title: "Sustainability Consultant",
                skills: &["Carbon Accounting", "ESG Reporting", "Life Cycle Assessment", "GHG Protocol"],
            },
        ],
        leaders: &[
            "Head of Renewables",
            "Operations Director",
            "Chief Sustainability Officer",
            "VP of Energy Transition",
        ],
        common_skills: &[
            "Energy Transition",
            "Health and Safety",
            "Project Management",
            "Renewable Energy",
            "Data Analysis",
        ],
        topics: &[
            "grid flexibility",
            "battery storage",
            "offshore wind",
            "the energy transition",
            "heat pumps",
            "carbon accounting",
            "green hydrogen",
            "power purchase agreements",
            "demand response",
            "energy efficiency",
            "solar permitting",
            "grid connection queues",
        ],
        wins: &[
            "connected a 50 MW solar park to the grid",
            "cut our portfolio's emissions by 30%",
            "commissioned our first grid-scale battery",
            "brought a wind project through permitting a year early",
            "built a forecasting model that reduced imbalance costs",
            "helped two hundred homes switch to heat pumps",
        ],
        goals: &["decarbonise faster", "build a cleaner grid", "cut energy costs and emissions"],
        audiences: &["utilities", "energy teams", "project developers", "households"],
        company_patterns: &[
            "{root} Energy",
            "{root} Power",
            "{root} Renewables",
            "{root} Solar",
            "{root} Grid",
            "{root} Utilities",
        ],
    },
    Industry {
        name: "Retail & E-commerce",
        field: "retail",
        weight: 7,
        adjacent: &[4, 8],
        junior: "Junior",
        lead: "Lead",
        tracks: &[
            Track {
                title: "E-commerce Manager",
                skills: &[
                    "Shopify",
                    "Conversion Rate Optimization",
                    "Google Analytics",
                    "Merchandising",
                    "Marketplaces",
                ],
            },
            Track {
                title: "Category Manager",
                skills: &["Category Management", "Pricing", "Supplier Negotiation", "Assortment Planning", "Excel"],
            },
            Track {
                title: "Merchandiser",
                skills: &["Visual Merchandising", "Trend Analysis", "Assortment Planning", "Inventory Planning"],
            },
            Track {
                title: "Customer Experience Specialist",
                skills: &["Customer Service", "Zendesk", "CX Strategy", "NPS", "Complaint Handling"],
            },
            Track {
                title: "Retail Operations Analyst",
                skills: &["Retail Operations", "Inventory Management", "Loss Prevention", "Workforce Scheduling"],
            },
        ],
        leaders: &["Store Manager", "Head of E-commerce", "Retail Director", "VP of Merchandising"],
        common_skills: &["Retail", "Customer Service", "Sales", "Inventory Management", "Data Analysis"],
        topics: &[
            "omnichannel retail",
            "conversion rates",
            "customer loyalty",
            "returns",
            "pricing strategy",
            "the future of stores",
            "marketplaces",
            "holiday season planning",
            "sustainable fashion",
            "personalisation",
            "the checkout experience",
            "retail media",
        ],
        wins: &[
            "lifted online conversion by 35%",
            "cut returns by 18% with better size guidance",
            "opened four new stores in a year",
            "launched our brand on three marketplaces",
            "grew loyalty programme sign-ups to half a million",
            "redesigned the checkout and halved cart abandonment",
        ],
        goals: &[
            "sell more with less waste",
            "delight customers online and in store",
            "grow their e-commerce business",
        ],
        audiences: &["retailers", "brands", "shoppers", "store teams"],
        company_patterns: &[
            "{root} Retail",
            "{root} Stores",
            "{root} Market",
            "{root} Commerce",
            "{root} Outfitters",
            "{root} Goods",
        ],
    },
    Industry {
        name: "Human Resources",
        field: "HR",
        weight: 5,
        adjacent: &[6, 9, 10],
        junior: "Junior",
        lead: "Lead",
        tracks: &[
            Track {
                title: "HR Business Partner",
                skills: &["Employee Relations", "Performance Management", "Workforce Planning", "Employment Law"],
            },
            Track {
                title: "Recruiter",
                skills: &["Talent Acquisition", "Sourcing", "Interviewing", "Employer Branding", "Boolean Search"],
            },
            Track {
                title: "People Operations Specialist",
                skills: &["HRIS", "Workday", "Payroll", "Onboarding", "HR Policies"],
            },
            Track {
                title: "Compensation Analyst",
                skills: &["Compensation and Benefits", "Job Evaluation", "Excel", "Pay Equity", "Benchmarking"],
            },
            Track {
                title: "Talent Development Specialist",
                skills: &["Leadership Development", "Coaching", "Training Design", "Facilitation", "Career Pathing"],
            },
        ],
        leaders: &["Head of People", "HR Director", "Chief People Officer", "Talent Acquisition Manager"],
        common_skills: &["Human Resources", "Employee Engagement", "Diversity and Inclusion", "Change Management"],
        topics: &[
            "hybrid work",
            "employee engagement",
            "pay transparency",
            "skills-based hiring",
            "onboarding",
            "internal mobility",
            "employer branding",
            "wellbeing at work",
            "performance reviews",
            "diversity and inclusion",
            "the four-day week",
            "candidate experience",
        ],
        wins: &[
            "cut time to hire from 60 to 28 days",
            "rolled out a pay transparency framework",
            "lifted engagement scores by 14 points",
            "hired 200 engineers in a year",
            "launched a mentoring programme with 300 participants",
            "moved the whole company onto a single HR system",
        ],
        goals: &["hire and keep great people", "build workplaces people love", "grow their talent"],
        audiences: &["people teams", "hiring managers", "employees", "founders"],
        company_patterns: &["{root} Talent", "{root} People", "{root} Recruitment", "{root} Staffing", "{root} HR"],
    },
];

/// First halves of made-up company names.
const ROOT_HEADS: &[&str] = &[
    "North", "Blue", "Iron", "Silver", "Bright", "Red", "Ever", "Clear", "Stone", "Oak", "Pine", "River", "Tide",
    "West", "East", "Sun", "Star", "High", "Green", "Gold", "Lake", "Maple", "Cedar", "Swift", "True", "Fair", "Wild",
    "Deep", "Bold", "Keen", "Sky", "Moon",
];
/// Second halves of made-up company names.
const ROOT_TAILS: &[&str] = &[
    "wind", "peak", "wood", "line", "water", "stone", "path", "field", "bridge", "ridge", "crest", "gate", "haven",
    "point", "brook", "view", "light", "forge", "mark", "spring",
];

/// A made-up company name root such as "Northwind": every head with every tail.
pub(crate) fn company_root(index: usize) -> String {
    let head = ROOT_HEADS[index % ROOT_HEADS.len()];
    let tail = ROOT_TAILS[(index / ROOT_HEADS.len()) % ROOT_TAILS.len()];
    format!("{head}{tail}")
}

/// How many distinct roots [`company_root`] makes.
pub(crate) const COMPANY_ROOTS: usize = 32 * 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_consistent() {
        assert_eq!(ROOT_HEADS.len() * ROOT_TAILS.len(), COMPANY_ROOTS);
        assert!(INDUSTRIES.len() >= 12);
        for (i, ind) in INDUSTRIES.iter().enumerate() {
            assert!(ind.adjacent.iter().all(|&a| a < INDUSTRIES.len() && a != i), "{}", ind.name);
            assert!(ind.tracks.len() >= 4 && ind.topics.len() >= 10 && ind.wins.len() >= 5, "{}", ind.name);
            assert!(ind.tracks.iter().all(|t| t.skills.len() >= 4), "{}", ind.name);
            assert!(!ind.leaders.is_empty() && !ind.goals.is_empty() && !ind.audiences.is_empty());
        }
        let software = &INDUSTRIES[0];
        assert_eq!(software.title(1, 0, 0), "Junior Backend Engineer");
        assert_eq!(software.title(1, 2, 0), "Senior Backend Engineer");
        assert_eq!(software.title(1, 3, 0), "Staff Backend Engineer");
        assert_eq!(software.title(1, LEADERSHIP, 1), "Director of Engineering");
    }
}

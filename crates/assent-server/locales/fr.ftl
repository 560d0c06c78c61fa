# Les mots d'Assent destinés aux membres, en français. Chaque clé de en.ftl est ici, avec les
# mêmes variables (un test le vérifie).

-assent = Assent
setting-genai = Données pour l'amélioration de l'IA générative
setting-recs = Données pour les recommandations fondées sur l'IA

## Le cadre des pages

page-title = { $title } | Assent
nav-main = Navigation principale
nav-home = Accueil
nav-network = Mon réseau
nav-jobs = Emplois
nav-messages = Messagerie
nav-log-in = S'identifier
nav-join = S'inscrire
me-menu-title = Vous
menu-view-profile = Voir le profil
menu-edit-profile = Modifier le profil
menu-settings = Préférences
menu-your-data = Vos données et l'IA
menu-log-out = Se déconnecter
gpc-notice = Votre navigateur a envoyé un signal Global Privacy Control : nous avons donc désactivé { $settings }. Vous pouvez changer cela à tout moment dans { $link }.
gpc-and = { $first } et { $second }
settings-privacy-path = Préférences › Confidentialité des données
footer-policy = Politique sur les données et l'IA
footer-language = Langue
footer-language-label = Langue :
footer-about = Assent : un réseau professionnel dont l'IA n'apprend que ce que ses membres autorisent.
notice-label = Avis de modification de la politique
notice-upcoming = La politique d'Assent sur les données et l'IA change : la version { $version } entre en vigueur le { $date }.
notice-current = La politique d'Assent sur les données et l'IA { $version } s'applique depuis le { $date }.
notice-read = Lire le résumé
notice-review = Revoir vos préférences
notice-dismiss = Fermer
error-go-feed = Aller à votre fil d'actualité
error-go-home = Accueil d'Assent
visibility-label = Qui peut voir ceci
visibility-public-anyone = Public : tout le monde
visibility-public = Public
visibility-connections = Relations uniquement
visibility-connections-badge = Relations
visibility-private = Moi uniquement
on = Activé
off = Désactivé
on-upper = ACTIVÉ
off-upper = DÉSACTIVÉ
skip-to-content = Aller au contenu

## Erreurs

error-not-found = Introuvable
error-not-found-page = Page introuvable
error-no-page = Il n'y a pas de page à cette adresse.
error-forbidden = Action non autorisée
error-forbidden-text = Vous pouvez voir ceci, mais pas le modifier.
error-conflict = Déjà fait
error-check-input = Veuillez vérifier votre saisie
error-too-many = Trop de tentatives
error-unavailable = Pas encore disponible
error-no-model = Cette fonction a besoin d'un modèle qui n'a pas encore été entraîné sur ce serveur.
error-busy = Serveur occupé
error-busy-text = Le serveur est occupé ; réessayez dans { $seconds } s.
error-internal = Une erreur s'est produite
error-internal-text = Le serveur a échoué ; rien n'a été modifié. Veuillez réessayer.
error-incomplete = Il manque quelque chose au formulaire ; revenez en arrière, rechargez la page et réessayez.
error-bad-credentials = Cette adresse e-mail et ce mot de passe ne correspondent à aucun compte. Vérifiez-les et réessayez.
error-throttled = Trop de tentatives échouées. Pour votre sécurité, la connexion à ce compte est suspendue ; réessayez dans { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}.
error-too-frequent = Trop de changements de vos préférences sur les données et l'IA en peu de temps ; réessayez dans { $seconds } s.
error-too-many-sign-ups = Trop de comptes ont été créés depuis cette adresse ; réessayez dans { $seconds } s.
error-form-expired = Ce formulaire a expiré
error-form-expired-text = Le formulaire envoyé ne portait pas de jeton de sécurité valide : il est peut-être plus ancien que votre session, ou il ne vient pas d'Assent. Revenez en arrière, rechargez la page et réessayez.
error-too-long = Trop long
error-form-too-long = Le formulaire dépasse 1 Mio.
error-method = Action impossible ici
error-method-text = { $method } n'est pas accepté sur { $path }.
error-missing-thing = { $thing ->
    [member] Ce membre n'existe pas, ou vous ne pouvez pas le voir.
    [post] Cette publication n'existe pas, ou vous ne pouvez pas la voir.
    [position] Ce poste n'existe pas, ou vous ne pouvez pas le voir.
    [message] Ce message n'existe pas, ou vous ne pouvez pas le voir.
    [policy] Cette version de la politique n'existe pas.
   *[other] Cette page n'existe pas, ou vous ne pouvez pas la voir.
}
error-bad-setting-value = `{ $value }` n'est pas une valeur de réglage ; utilisez l'interrupteur de la page des préférences.
error-no-such-member = Membre introuvable
error-no-such-member-text = Aucun membre n'a le nom de profil `{ $handle }`. Ouvrez son profil et utilisez le bouton Message.
error-field = { $field } : { $problem }

## Noms des champs dans les messages d'erreur

field-name = Nom complet
field-email = Adresse e-mail
field-password = Mot de passe
field-region = Pays
field-birth-date = Date de naissance
field-language = Langue
field-headline = Titre du profil
field-about = Infos
field-skills = Compétences
field-visibility = Visibilité
field-text = Texte
field-to = Destinataire
field-draft = Brouillon
field-title = Intitulé du poste
field-company = Entreprise
field-start = Début
field-end = Fin
field-description = Description
field-other = Ce champ

## Ce qui ne va pas dans une valeur

problem-empty = ne doit pas être vide
problem-too-long = compte { $len } caractères ; { $max } au plus sont permis
problem-control = ne doit pas contenir de caractères de contrôle
problem-not-email = `{ $value }` n'est pas une adresse e-mail comme nom@exemple.fr
problem-password-length = doit compter de 8 à 128 caractères
problem-not-country = `{ $value }` n'est pas un code pays à deux lettres comme FR, BE ou CA
problem-not-language = `{ $value }` n'est pas une langue qu'Assent parle
problem-not-date = `{ $value }` n'est pas une date de la forme AAAA-MM-JJ
problem-one-line = doit tenir sur une ligne
problem-invisible = ne doit pas contenir le caractère de mise en forme invisible { $code }
problem-nothing-visible = doit contenir au moins un caractère visible
problem-in-future = le { $date } est dans le futur
problem-before-1900 = le { $date } est antérieur à 1900
problem-too-young = il faut avoir au moins { $age } ans pour devenir membre
problem-before-start = est antérieure au début
problem-start-in-future = est dans le futur
problem-too-many-skills = { $given } compétences données ; { $max } au plus sont permises
problem-skill-separator = `{ $value }` : une compétence ne peut contenir ni virgule ni retour à la ligne
problem-post-kind = `{ $value }` n'est ni une publication, ni un article, ni un commentaire
problem-profile-field = `{ $value }` n'est pas un champ du profil
problem-post-visibility = une publication est Public ou Relations uniquement
problem-no-visibility = choisissez qui peut le voir (Public, Relations uniquement ou Moi uniquement)
problem-not-visibility = `{ $value }` n'est pas une visibilité ; choisissez Public, Relations uniquement ou Moi uniquement
problem-no-parent = un commentaire a besoin de la publication à laquelle il répond
problem-self-connection = vous ne pouvez pas vous ajouter à vos propres relations
problem-self-message = vous ne pouvez pas vous écrire à vous-même
problem-negative = doit valoir 0 ou plus
problem-email-taken = un compte existe déjà avec { $value }
problem-already-connected = vous êtes déjà en relation

## L'entrée

home-title = Bienvenue
home-heading = Bienvenue dans votre communauté professionnelle, où l'IA n'apprend que ce que vous autorisez.
home-intro = Assent vous aide à rédiger votre titre, votre section Infos, vos publications et vos messages, et vous suggère des personnes et des emplois. Les données publiques de votre profil et ce que vous partagez publiquement peuvent entraîner cette IA ; vos messages privés, jamais. Deux préférences en décident, et vous pouvez les changer à tout moment.
home-read-policy = Lire la politique sur les données et l'IA
signup-title = Inscription
signup-heading = Rejoindre Assent
signup-name = Nom complet
signup-email = Adresse e-mail
signup-password = Mot de passe (8 caractères ou plus)
signup-region = Pays (code à deux lettres, par ex. FR, BE, CA)
signup-birth-date = Date de naissance (AAAA-MM-JJ)
signup-language = Langue de vos pages
signup-policy = Selon la politique d'Assent sur les données et l'IA { $policy } (depuis le { $date }), « { $genai } » et « { $recs } » sont activées par défaut dans la plupart des pays ; là où la loi demande votre consentement, elles sont d'abord désactivées. Les messages privés ne sont jamais utilisés. Vous pouvez changer les deux à tout moment dans Préférences › Confidentialité des données.
signup-submit = Accepter et s'inscrire
signup-have-account = Déjà sur Assent ?
login-title = S'identifier
login-tagline = Restez informé de votre monde professionnel.
login-email = Adresse e-mail
login-password = Mot de passe
login-submit = S'identifier
login-new = Nouveau sur Assent ?

## Le fil d'actualité

feed-title = Fil d'actualité
feed-connections = { $count ->
    [one] { $count } relation
   *[other] { $count } relations
}
feed-setting-state = { $setting } : { $state }
feed-start-post = Commencer une publication
feed-post-label = De quoi souhaitez-vous parler ?
feed-post = Publier
feed-empty = Rien ici pour l'instant. Écrivez la première publication !
feed-delete = Supprimer
feed-welcome = Bienvenue sur Assent, { $name } ! Vos préférences sur les données et l'IA sont dans le menu de votre photo de profil › Préférences › Confidentialité des données.
feed-posted = Votre publication est en ligne.
feed-deleted = Votre publication a été supprimée, et son texte effacé.
feed-not-published = Votre publication n'a pas été publiée : { $reason }
draft-with-ai = Rédiger avec l'IA
draft-suggestion = Voici une proposition de l'assistant de rédaction d'Assent (version { $release }). Modifiez-la à votre guise ; rien n'est enregistré tant que vous ne le faites pas. Relancez pour en obtenir une autre.
draft-unavailable = Désolé, l'assistant de rédaction n'est pas encore disponible : aucun modèle de rédaction n'a été entraîné sur ce serveur. Vous pouvez toujours l'écrire vous-même.

## Profils

profile-edit-title = Modifier le profil
profile-edit-heading = Modifier votre profil
profile-edit-intro = Chaque champ a son propre public. Seuls les champs réglés sur { $public } apparaissent sur votre page publique, et seuls les champs publics peuvent servir à entraîner l'IA d'Assent (si vos préférences le permettent).
profile-see-public = Voir votre profil public
profile-headline = Titre du profil
profile-about = Infos
profile-skills = Compétences (séparées par des virgules)
profile-clearing = Vider un champ le supprime, et son texte est effacé.
profile-save = Enregistrer le profil
profile-experience = Expérience
profile-no-experience = Aucune expérience pour l'instant.
profile-add-position = Ajouter un poste
profile-title = Intitulé du poste
profile-company = Entreprise
profile-start = Début (AAAA-MM-JJ)
profile-end = Fin (AAAA-MM-JJ ; vide s'il est en cours)
profile-what-you-did = Ce que vous y avez fait
profile-add = Ajouter
profile-saved = Enregistré.
profile-not-saved = Rien n'a été enregistré : { $reason }
profile-position-not-added = Le poste n'a pas été ajouté : { $reason }
public-member-since = Membre depuis le { $date }
public-own = Ceci est votre profil public : seuls les champs réglés sur Public y apparaissent.
public-connect = Se connecter
public-connected = En relation
public-message = Message
public-about = Infos
public-experience = Expérience
public-skills = Compétences
public-posts = Publications
public-no-posts = Aucune publication publique pour l'instant.
public-post-title = { $name } sur Assent : { $text }

## Messagerie

messages-title = Messagerie
messages-private = Les messages privés ne servent jamais à entraîner l'IA.
messages-none = Aucune conversation pour l'instant.
messages-former-member = Un ancien membre
messages-you-prefix = Vous : { $text }
messages-erased = (effacé)
messages-new = Nouveau message
messages-to = Destinataire (son nom de profil, comme dans /in/…)
messages-message = Message
messages-send = Envoyer
messages-with = Messages avec { $name }
messages-empty-thread = Aucun message pour l'instant. Dites bonjour !
messages-you = Vous
messages-write = Écrire un message
messages-not-sent = Non envoyé : { $reason }

## Mon réseau et Emplois

network-title = Mon réseau
network-connected = Vous êtes maintenant en relation avec { $name }.
network-sent = Invitation envoyée à { $name }.
network-invitations = Invitations
network-accept = Accepter
network-suggestions = Vous connaissez peut-être
network-ranked-model = Classement selon le modèle de recommandations de la version { $release } et vos relations en commun.
network-ranked-plain = Classement selon vos relations en commun et vos employeurs communs (aucun modèle de recommandations n'est encore en service).
network-no-suggestions = Aucune suggestion pour l'instant : commencez par vous mettre en relation avec quelques personnes.
network-connect = Se connecter
network-your-connections = Vos relations ({ $count })
network-none = Aucune pour l'instant.
network-message = Message
reason-mutual = { $count ->
    [one] { $count } relation en commun
   *[other] { $count } relations en commun
}
reason-worked-at = a aussi travaillé chez { $company }
reason-shared-skills = compétences en commun : { $skills }
reason-job-title = en rapport avec votre titre
reason-job-matches = correspond à : { $skills }
jobs-title = Emplois
jobs-search-label = Rechercher des emplois
jobs-search-placeholder = Rechercher par intitulé, compétence ou entreprise
jobs-search = Rechercher
jobs-recommended = Recommandés pour vous
jobs-matched = Choisis d'après les compétences de votre profil par le modèle de recommandations de la version { $release }.
jobs-no-match = Aucune correspondance pour l'instant : ajoutez des compétences à votre profil.
jobs-matching = Offres correspondant à « { $query } »
jobs-newest = Offres les plus récentes
jobs-no-model = Les suggestions d'emploi personnelles ne sont pas encore disponibles : aucun modèle de recommandations n'a été entraîné sur ce serveur. Voici plutôt les offres les plus récentes.
jobs-none = Aucune offre trouvée.
jobs-skills = Compétences : { $skills }

## Préférences

settings-title = Préférences
settings-account = Compte
settings-name = Nom
settings-email = Adresse e-mail
settings-country = Pays
settings-member-since = Membre depuis
settings-edit-profile = Modifier votre profil
settings-language = Langue
settings-language-intro = La langue des pages et des e-mails d'Assent.
settings-language-browser = Celle que demande mon navigateur ({ $lang })
settings-language-save = Enregistrer la langue
settings-language-saved = Enregistré : vos pages sont désormais en français.
settings-data-privacy = Confidentialité des données
settings-data-privacy-intro = Comment Assent utilise vos données pour l'IA, et vos choix.
privacy-how = Comment Assent utilise vos données
privacy-genai-what = Entraîner l'IA qui aide les membres à rédiger titres, sections Infos, publications et messages
privacy-recs-what = Entraîner les modèles des suggestions de relations et d'emplois
privacy-your-data-what = Vos choix au fil du temps, la politique qui s'applique à vous, et quels éléments ont entraîné quel modèle
privacy-policy-what = Les règles en vigueur, en termes simples
basis-legitimate-interest = ACTIVÉ par défaut (intérêt légitime : vous pouvez refuser)
basis-consent = DÉSACTIVÉ par défaut (il nous faut votre consentement : vous pouvez accepter)
source-event = Vous l'avez choisi le { $when } ({ $how }).
source-default-on = Vous ne l'avez pas modifié : c'est le réglage par défaut pour les membres dont le pays est { $region } selon la politique { $policy }, activé par défaut.
source-default-off = Vous ne l'avez pas modifié : c'est le réglage par défaut pour les membres dont le pays est { $region } selon la politique { $policy }, désactivé tant que vous ne l'activez pas.
source-no-policy = Aucune politique n'est en vigueur : rien ne peut donc être utilisé.
method-web = sur le site
method-api = par l'API
method-import = importé
method-gpc = signal Global Privacy Control de votre navigateur
method-default = réglage par défaut de la région, enregistré
toggle-saved = Enregistré : le réglage « { $setting } » est maintenant { $value }.
toggle-saved-at = Enregistré : le réglage « { $setting } » est maintenant { $value }. Changement enregistré le { $when }.
toggle-back = ‹ Retour à Confidentialité des données
toggle-use-genai = Utiliser mes données pour entraîner les modèles d'IA de création de contenu
toggle-use-recs = Utiliser mes données pour entraîner les modèles des suggestions
toggle-currently = Actuellement { $value }
toggle-covers = Ce que cela couvre
toggle-genai-covers = Quand ce réglage est activé, Assent peut utiliser vos données pour entraîner l'IA générative qui aide les membres à rédiger : titres, sections Infos, publications et réponses aux messages.
toggle-recs-covers = Quand ce réglage est activé, Assent peut utiliser vos données pour entraîner les modèles qui suggèrent des personnes que vous connaissez peut-être et des emplois qui vous correspondent.
toggle-covered = { $label } votre profil public (titre, Infos, expérience et compétences, quand ils sont réglés sur Public) et les publications, articles et commentaires que vous partagez publiquement.
toggle-covered-label = Couvert :
toggle-never = { $label } vos messages privés, votre adresse e-mail, votre numéro de téléphone, votre date de naissance, votre mot de passe et vos moyens de paiement, ainsi que tout ce que vous ne partagez qu'avec vos relations ou gardez pour vous.
toggle-never-label = Jamais couvert :
toggle-min-age = Les membres de moins de { $age } ans ne sont jamais inclus, quel que soit ce réglage.
toggle-default = Votre réglage par défaut
toggle-default-text = Selon la politique d'Assent { $policy }, ce réglage est { $basis } pour les membres dont le pays est { $region }.
toggle-default-text-from = Selon la politique d'Assent { $policy } (en vigueur à partir du { $date }), ce réglage est { $basis } pour les membres dont le pays est { $region }.
toggle-change-back = Vous pouvez revenir sur votre choix à tout moment
toggle-change-back-text = Activez-le ou désactivez-le aussi souvent que vous le souhaitez. Chaque changement est enregistré avec sa date, et vous pouvez tous les voir dans { $link }.
toggle-off-does = Ce que fait la désactivation
toggle-off-future = Vos données sont exclues de tout entraînement futur.
toggle-off-unlearn = Les modèles déjà entraînés avec vos données les oublient : Assent entraîne chaque modèle par fragments, et les fragments qui ont appris de vos données sont réentraînés sans elles puis remplacés, en général en quelques minutes (désapprentissage exact). { $link } indique quand vos éléments ont été retirés.
toggle-off-crawlers = Votre profil public et vos publications indiquent aux robots d'indexation externes de ne pas les utiliser pour entraîner une IA (signaux robots.txt, Content-Usage et réservation TDM).
toggle-off-keep = Vous continuez à utiliser toutes les fonctions d'IA, comme tout le monde.

## Vos données et l'IA

data-title = Vos données et l'IA
data-intro = Ce qu'Assent peut faire de vos données, ce que vous avez choisi, et où sont allées vos données.
data-settings = Vos préférences
data-change = Modifier
data-history = Vos choix au fil du temps
data-no-history = Vous n'avez modifié aucun des deux réglages : les réglages par défaut de la politique s'appliquent.
data-when = Date
data-setting = Réglage
data-set-to = Valeur
data-how = Comment
data-policy = Politique
data-policy-applies = La politique qui s'applique à vous
data-policy-line = Politique { $policy }, en vigueur depuis le { $date }.
data-policy-basis = { $setting } : { $basis } (pays : { $region }).
data-read-policy = Lire le résumé de la politique
data-no-policy = Aucune politique n'est en vigueur : aucune de vos données ne peut être utilisée.
data-notices = Avis de politique qui vous ont été montrés
data-first-shown = Première fois
data-dismissed = Fermé
data-where = Où sont allées vos données
data-no-training = Ce serveur ne conserve aucune donnée d'entraînement : aucun jeu de données ni modèle n'a utilisé vos données.
data-datasets = Jeux de données
data-no-datasets = Aucun jeu de données n'a encore été exporté.
data-dataset = Jeu de données
data-purpose = Finalité
data-as-of = État au
data-your-items = Vos éléments
data-used = { $count ->
    [one] { $count } utilisé
   *[other] { $count } utilisés
}
data-none = aucun
data-releases = Versions des modèles
data-no-releases = Aucun modèle n'a encore été entraîné.
data-release = Version
data-published = Publiée
data-removed-in = Retirés dans cette version
data-live = en service
data-shard = (fragment { $shard })
data-removed-on = { $count ->
    [one] { $count } retiré le { $when }
   *[other] { $count } retirés le { $when }
}
data-and-more = et { $count } de plus
data-item-text = { $kind } n° { $id } : « { $text } »
data-item-deleted = { $kind } n° { $id } (supprimé, texte effacé)
data-item = élément n° { $id }
kind-headline = Titre du profil
kind-about = Infos
kind-experience = Expérience
kind-skills = Compétences
kind-post = Publication
kind-article = Article
kind-comment = Commentaire

## Les pages de la politique

policy-title = Politique { $version }
policy-heading = Politique sur les données et l'IA { $version }
policy-in-force-from = En vigueur à partir du { $date }.
policy-in-short = En bref
policy-never-used = Les messages privés, adresses e-mail, numéros de téléphone, dates de naissance, mots de passe et moyens de paiement ne sont jamais utilisés.
policy-public-only = Seul ce qui est public peut être utilisé, et seulement tant que c'est public.
policy-min-age = Les membres de moins de { $age } ans ne sont jamais inclus.
policy-pre-in-scope = Les contenus créés avant le { $date } sont concernés.
policy-pre-not-used = Les contenus créés avant le { $date } ne sont pas utilisés.
policy-gpc-opt-out = Un signal Global Privacy Control de votre navigateur vaut refus.
policy-gpc-not = Un signal Global Privacy Control de votre navigateur ne vaut pas refus.
policy-what = Ce qui peut être utilisé
policy-defaults = Réglages par défaut par région
policy-where = Où
policy-elsewhere = Partout ailleurs
policy-you-are-in = Votre pays : { $region }.
policy-as-code = La politique sous forme de code
policy-summary-language = Le résumé de la politique, tel que ses auteurs l'ont écrit :
policy-all-versions = Toutes les versions
policy-from = { $version } — à partir du { $date }
policy-in-force = en vigueur
policy-upcoming = à venir

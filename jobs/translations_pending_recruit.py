"""French translations of the recruitment team's pages (``jobs/recruit``, ``jobs/services/recruiting.py``),
to merge into ``talent/translations/fr/LC_MESSAGES/messages.po`` (plurals: [singular, plural]).

``FR`` holds every new string of those pages that the catalogue lacks. ``FR_CORE`` holds strings those
pages show that come from ``jobs/vocab.py`` and ``jobs/services`` (processes, assessment, decisions) and
were not in the catalogue either: merge them too unless someone else's file already has them.
"""

FR: dict[str, str | list[str]] = {
    # Navigation and the process list
    "Processes": "Processus",
    "Recruitment processes": "Processus de recrutement",
    "The processes you run. A new process starts as a draft: complete it, then publish its job "
    "advertisement.": (
        "Les processus que vous menez. Un nouveau processus commence comme ébauche : complétez-le, puis "
        "publiez son annonce d’emploi."
    ),
    "Create a process": "Créer un processus",
    "All statuses": "Tous les états",
    "%(num)d process": ["%(num)d processus", "%(num)d processus"],
    "Job title": "Titre du poste",
    "Closing date (Eastern time)": "Date de clôture (heure de l’Est)",
    "Current closing date (Eastern time): %(date)s": "Date de clôture actuelle (heure de l’Est) : %(date)s",
    "Applications": "Candidatures",
    "No process matches.": "Aucun processus ne correspond.",
    "Untitled process #%(id)s": "Processus sans titre (n° %(id)s)",
    # The process's own menu
    "This process": "Ce processus",
    "Overview": "Aperçu",
    "Assessment plan": "Plan d’évaluation",
    "Recruiters": "Recruteurs",
    "Applicants": "Personnes candidates",
    "Pool": "Bassin",
    # The process page
    "Published": "Publié",
    "Closed early because": "Fermé plus tôt parce que",
    "Archived": "Archivé",
    "Before you publish": "Avant de publier",
    "%(num)d thing is missing before the advertisement can be published:": [
        "Il manque %(num)d élément avant de pouvoir publier l’annonce :",
        "Il manque %(num)d éléments avant de pouvoir publier l’annonce :",
    ],
    "Everything needed to publish is there.": "Tout ce qu’il faut pour publier y est.",
    "Publish": "Publier",
    "Delete the draft": "Supprimer l’ébauche",
    "Extend the closing date": "Prolonger la date de clôture",
    "Close early": "Fermer plus tôt",
    "Archive": "Archiver",
    "Unarchive": "Désarchiver",
    "Duplicate as a new draft": "Dupliquer en nouvelle ébauche",
    "Job advertisement": "Annonce d’emploi",
    "Classification": "Classification",
    "Work stream": "Volet de travail",
    "Language requirement": "Exigence linguistique",
    "Security clearance": "Cote de sécurité",
    "Where the work is done": "Lieu où le travail est effectué",
    "Remote: anywhere in Canada": "Télétravail : partout au Canada",
    "At the location given above": "Au lieu indiqué plus haut",
    "Length of the opportunity": "Durée de l’emploi",
    "Operational requirements": "Exigences opérationnelles",
    "Contact e-mail address": "Adresse courriel de la personne-ressource",
    "Edit the details": "Modifier les détails",
    "Essential skills": "Compétences essentielles",
    "Asset skills": "Compétences constituant un atout",
    "None yet.": "Aucun pour l’instant.",
    "Questions and assessment plan": "Questions et plan d’évaluation",
    "%(num)d question": ["%(num)d question", "%(num)d questions"],
    "%(num)d assessment step": ["%(num)d étape d’évaluation", "%(num)d étapes d’évaluation"],
    # Details
    "Details of the job advertisement": "Détails de l’annonce d’emploi",
    "Write every text in English and in French, side by side. A draft can be saved incomplete: the "
    "overview lists what is still missing before publication.": (
        "Rédigez chaque texte en anglais et en français, côte à côte. Une ébauche peut être enregistrée "
        "incomplète : l’aperçu indique ce qui manque encore avant la publication."
    ),
    "Texts of the advertisement": "Textes de l’annonce",
    "%(field)s (English)": "%(field)s (anglais)",
    "%(field)s (French)": "%(field)s (français)",
    "Position": "Poste",
    "Closing date and contact": "Date de clôture et personne-ressource",
    "Closing date": "Date de clôture",
    "The advertisement closes at the end of the time below, Eastern time.": (
        "L’annonce se ferme à la fin de l’heure indiquée ci-dessous, heure de l’Est."
    ),
    "Closing time (Eastern time)": "Heure de clôture (heure de l’Est)",
    "Hours and minutes, 24-hour clock. For example 23:59.": (
        "Heures et minutes, sur 24 heures. Par exemple 23:59."
    ),
    "Enter a time as hours and minutes, for example 23:59.": (
        "Entrez une heure en heures et minutes, par exemple 23:59."
    ),
    "Use at most %(max)d characters.": "Utilisez au plus %(max)d caractères.",
    # Skills
    "Essential and asset skills": "Compétences essentielles et constituant un atout",
    "Skills can only be changed while the process is a draft.": (
        "Les compétences ne peuvent être modifiées que lorsque le processus est une ébauche."
    ),
    "Skills of this process": "Compétences de ce processus",
    "Kind": "Type",
    "Required level": "Niveau requis",
    "Save as essential": "Enregistrer comme essentielle",
    "Save as asset": "Enregistrer comme atout",
    "No skills yet. Search the skills library below.": (
        "Aucune compétence pour l’instant. Cherchez dans la bibliothèque de compétences ci-dessous."
    ),
    "Search the skills library (English or French)": (
        "Chercher dans la bibliothèque de compétences (en français ou en anglais)"
    ),
    "already in this process": "déjà dans ce processus",
    "Add as essential": "Ajouter comme essentielle",
    "Add as asset": "Ajouter comme atout",
    "Choose a skill from the skills library.": "Choisissez une compétence de la bibliothèque de compétences.",
    "“%(skill)s” is an essential skill of this process (level: %(level)s).": (
        "« %(skill)s » est une compétence essentielle de ce processus (niveau : %(level)s)."
    ),
    "“%(skill)s” is an asset skill of this process (level: %(level)s).": (
        "« %(skill)s » est une compétence constituant un atout pour ce processus (niveau : %(level)s)."
    ),
    "“%(skill)s” was removed from the process.": "« %(skill)s » a été retirée du processus.",
    # Questions
    "General and screening questions": "Questions générales et de présélection",
    "Questions can only be changed while the process is a draft.": (
        "Les questions ne peuvent être modifiées que lorsque le processus est une ébauche."
    ),
    "General questions": "Questions générales",
    "Screening questions": "Questions de présélection",
    "Questions": "Questions",
    "Move up": "Monter",
    "Move down": "Descendre",
    "Add a question": "Ajouter une question",
    "Kind of question": "Type de question",
    "Question in English": "Question en anglais",
    "Question in French": "Question en français",
    "Add the question": "Ajouter la question",
    "The question was added.": "La question a été ajoutée.",
    "The question was removed.": "La question a été retirée.",
    # Assessment plan
    "The steps of the assessment, in order, and the essential skills each one assesses. The education "
    "requirement is assessed at the application screening step.": (
        "Les étapes de l’évaluation, dans l’ordre, et les compétences essentielles évaluées à chacune. "
        "L’exigence d’études est évaluée à l’étape de présélection des candidatures."
    ),
    "Step": "Étape",
    "Essential skills assessed": "Compétences essentielles évaluées",
    "and the education requirement": "et l’exigence d’études",
    "Change or remove": "Modifier ou retirer",
    "No steps yet.": "Aucune étape pour l’instant.",
    "Add a step": "Ajouter une étape",
    "Kind of assessment": "Type d’évaluation",
    "Title in English (optional)": "Titre en anglais (facultatif)",
    "Title in French (optional)": "Titre en français (facultatif)",
    "Essential skills assessed at this step": "Compétences essentielles évaluées à cette étape",
    "Behavioural skills are not assessed at the application screening step.": (
        "Les compétences comportementales ne sont pas évaluées à l’étape de présélection des candidatures."
    ),
    "Add essential skills to the process first.": (
        "Ajoutez d’abord des compétences essentielles au processus."
    ),
    "Add the step": "Ajouter l’étape",
    "The assessment step was added.": "L’étape d’évaluation a été ajoutée.",
    "The assessment step was removed.": "L’étape d’évaluation a été retirée.",
    "Remove this step": "Retirer cette étape",
    "A step can be removed as long as no result was recorded at it.": (
        "Une étape peut être retirée tant qu’aucun résultat n’y a été consigné."
    ),
    "Remove the step": "Retirer l’étape",
    # Recruiters
    "Recruiters running this process": "Recruteurs qui mènent ce processus",
    "Add a recruiter": "Ajouter un recruteur ou une recruteuse",
    "E-mail address of the recruiter": "Adresse courriel du recruteur ou de la recruteuse",
    "Add": "Ajouter",
    "No recruiter or administrator has this e-mail address.": (
        "Aucun recruteur ni administrateur n’a cette adresse courriel."
    ),
    "%(name)s now runs this process.": "%(name)s mène maintenant ce processus.",
    # Life-cycle actions
    "A new draft process was created. Start with its details.": (
        "Une nouvelle ébauche de processus a été créée. Commencez par ses détails."
    ),
    "Publish the job advertisement": "Publier l’annonce d’emploi",
    "Once published, candidates can apply until the closing date. Skills and questions can no longer be "
    "changed.": (
        "Une fois l’annonce publiée, les personnes candidates peuvent postuler jusqu’à la date de clôture. "
        "Les compétences et les questions ne peuvent plus être modifiées."
    ),
    "Close the advertisement early": "Fermer l’annonce plus tôt",
    "Candidates will no longer be able to apply. Give the reason: it is kept with the process.": (
        "Les personnes candidates ne pourront plus postuler. Donnez la raison : elle est conservée avec "
        "le processus."
    ),
    "Close now": "Fermer maintenant",
    "Why are you closing the advertisement early?": "Pourquoi fermez-vous l’annonce plus tôt?",
    "Candidates can apply until the new closing date. A closed process opens again.": (
        "Les personnes candidates peuvent postuler jusqu’à la nouvelle date de clôture. Un processus fermé "
        "est rouvert."
    ),
    "Set the new closing date": "Fixer la nouvelle date de clôture",
    "New closing date": "Nouvelle date de clôture",
    "Archive the process": "Archiver le processus",
    "An archived process is kept for the record and cannot be changed until it is unarchived.": (
        "Un processus archivé est conservé aux dossiers et ne peut pas être modifié tant qu’il n’est pas "
        "désarchivé."
    ),
    "The draft and everything in it are deleted for good.": (
        "L’ébauche et tout son contenu sont supprimés définitivement."
    ),
    "Delete": "Supprimer",
    "Still missing": "Éléments manquants",
    "This process cannot be published yet. Fix the problems listed below.": (
        "Ce processus ne peut pas encore être publié. Corrigez les problèmes énumérés ci-dessous."
    ),
    "The job advertisement was published.": "L’annonce d’emploi a été publiée.",
    "The job advertisement was closed.": "L’annonce d’emploi a été fermée.",
    "The closing date was changed.": "La date de clôture a été modifiée.",
    "The process was archived.": "Le processus a été archivé.",
    "The process was unarchived.": "Le processus a été désarchivé.",
    "The draft was deleted.": "L’ébauche a été supprimée.",
    "This is a new draft, copied from the process you duplicated.": (
        "Voici une nouvelle ébauche, copiée du processus que vous avez dupliqué."
    ),
    # Applicants
    "Submitted applications only: drafts stay private to the candidate.": (
        "Candidatures soumises seulement : les ébauches restent privées."
    ),
    "%(num)d application": ["%(num)d candidature", "%(num)d candidatures"],
    "Submitted": "Soumise",
    "Suggested decision": "Décision suggérée",
    "Suggested decision: %(decision)s.": "Décision suggérée : %(decision)s.",
    "Steps assessed": "Étapes évaluées",
    "No application matches.": "Aucune candidature ne correspond.",
    "To assess": "À évaluer",
    "Qualified": "Qualifié",
    "Disqualified": "Non qualifié",
    "Placed": "Placé",
    "Removed": "Retiré",
    "Still to assess": "Encore à évaluer",
    "Qualify": "Qualifier",
    "Disqualify": "Déclarer non qualifié",
    # The application page
    "Application of %(name)s": "Candidature de %(name)s",
    "Your view of this application is recorded in the audit log.": (
        "Votre consultation de cette candidature est consignée dans le journal d’audit."
    ),
    "Decided on": "Date de la décision",
    "Expiry date": "Date d’expiration",
    "Reason for the disqualification": "Motif de la non-qualification",
    "Placement": "Placement",
    "Paused by the recruitment team": "Mis en pause par l’équipe de recrutement",
    "Suspended by the candidate": "Suspendu par la personne candidate",
    "Decision": "Décision",
    "Qualify the candidate": "Qualifier la personne candidate",
    "Expiry date of the qualification (optional)": "Date d’expiration de la qualification (facultatif)",
    "The candidate stays in the pool until this date.": (
        "La personne candidate reste dans le bassin jusqu’à cette date."
    ),
    "Disqualify the candidate": "Déclarer la personne candidate non qualifiée",
    "Record a placement": "Consigner un placement",
    "Kind of placement": "Type de placement",
    "Department": "Ministère",
    "Record the placement": "Consigner le placement",
    "Remove from the process": "Retirer du processus",
    "Reason for the removal": "Motif du retrait",
    "Details (needed for another reason)": "Précisions (nécessaires pour un autre motif)",
    "Remove the candidate": "Retirer la personne candidate",
    "Pause": "Mettre en pause",
    "A paused pool member is not referred to managers until the pause is lifted.": (
        "Un membre du bassin mis en pause n’est pas recommandé aux gestionnaires tant que la pause n’est pas "
        "levée."
    ),
    "Reason (optional)": "Raison (facultatif)",
    "Pause the candidate": "Mettre la personne candidate en pause",
    "Revert the decision": "Annuler la décision",
    "Revert the placement": "Annuler le placement",
    "Reinstate the candidate": "Réintégrer la personne candidate",
    "Lift the pause": "Lever la pause",
    "Assessment": "Évaluation",
    "Any unsuccessful result disqualifies; every step decided, the last one not on hold, qualifies.": (
        "Un seul résultat non satisfaisant entraîne la non-qualification; toutes les étapes décidées, la "
        "dernière n’étant pas en suspens, entraînent la qualification."
    ),
    "Requirement": "Exigence",
    "Result": "Résultat",
    "Record a result": "Consigner un résultat",
    "Education requirement": "Exigence d’études",
    "Justification (needed when unsuccessful)": "Justification (nécessaire si non satisfaisant)",
    "Save the result": "Enregistrer le résultat",
    "This process has no assessment plan yet.": "Ce processus n’a pas encore de plan d’évaluation.",
    "Not yet assessed": "Pas encore évalué",
    "Successful": "Satisfaisant",
    "Unsuccessful": "Non satisfaisant",
    "On hold": "En suspens",
    "Application as submitted": "Candidature telle que soumise",
    "The candidate’s profile as it was when they submitted; later changes to the profile do not appear "
    "here.": (
        "Le profil de la personne candidate tel qu’il était au moment de la soumission; les modifications "
        "apportées par la suite n’apparaissent pas ici."
    ),
    "today": "aujourd’hui",
    "Answers to the questions": "Réponses aux questions",
    "No questions were asked.": "Aucune question n’a été posée.",
    "History": "Historique",
    "When (Eastern time)": "Quand (heure de l’Est)",
    "What": "Quoi",
    "Before → after": "Avant → après",
    "The candidate": "La personne candidate",
    "(none)": "(aucun)",
    "Draft": "Ébauche",
    "Application started": "Candidature commencée",
    "Application submitted": "Candidature soumise",
    "Decision reverted": "Décision annulée",
    "Placement reverted": "Placement annulé",
    "Removed from the process": "Retiré du processus",
    "Reinstated": "Réintégré",
    "Resumed by the candidate": "Reprise par la personne candidate",
    "Pause lifted": "Pause levée",
    "The result was recorded.": "Le résultat a été consigné.",
    "The candidate was qualified and is now in the pool.": (
        "La personne candidate a été qualifiée et fait maintenant partie du bassin."
    ),
    "The candidate was disqualified.": "La personne candidate a été déclarée non qualifiée.",
    "The placement was recorded.": "Le placement a été consigné.",
    "The decision was reverted.": "La décision a été annulée.",
    "The placement was reverted.": "Le placement a été annulé.",
    "The candidate was removed from the process.": "La personne candidate a été retirée du processus.",
    "The candidate was reinstated.": "La personne candidate a été réintégrée.",
    "The candidate is paused: they will not be referred for now.": (
        "La personne candidate est en pause : elle ne sera pas recommandée pour le moment."
    ),
    "The pause was lifted.": "La pause a été levée.",
    # Pools
    "Pool of qualified candidates": "Bassin de personnes candidates qualifiées",
    "Available: qualified, not expired, not suspended by the candidate, not paused, and not placed "
    "beyond a tentative or casual placement.": (
        "Disponible : qualifiée, non expirée, non suspendue par la personne candidate, non mise en pause et "
        "sans placement autre qu’un placement provisoire ou occasionnel."
    ),
    "Availability": "Disponibilité",
    "All pool members": "Tous les membres du bassin",
    "Available only": "Disponibles seulement",
    "Expiry": "Expiration",
    "Any expiry": "Toute expiration",
    "Not expired": "Non expirée",
    "Expires within 90 days": "Expire dans les 90 jours",
    "Expired": "Expirée",
    "No expiry date": "Sans date d’expiration",
    "Suspended or paused": "Suspendu ou en pause",
    "Any": "Tous",
    "Neither suspended nor paused": "Ni suspendu ni en pause",
    "Not placed": "Non placé",
    "Download this list (CSV)": "Télécharger cette liste (CSV)",
    "The file holds personal information: keep it safe and delete it when you no longer need it. "
    "Downloads are recorded in the audit log.": (
        "Le fichier contient des renseignements personnels : protégez-le et supprimez-le quand vous n’en "
        "avez plus besoin. Les téléchargements sont consignés dans le journal d’audit."
    ),
    "%(num)d pool member": ["%(num)d membre du bassin", "%(num)d membres du bassin"],
    "Qualified on": "Qualifié le",
    "expired": "expirée",
    "Available": "Disponible",
    "Not available": "Non disponible",
    "No pool member matches.": "Aucun membre du bassin ne correspond.",
    "Application": "Candidature",
}

FR_CORE: dict[str, str | list[str]] = {
    # jobs/vocab.py
    "Business Line Advisory Services": "Services consultatifs des secteurs d’activité",
    "Database Management": "Gestion de bases de données",
    "Enterprise Architecture": "Architecture d’entreprise",
    "Infrastructure Operations": "Opérations d’infrastructure",
    "Planning and Reporting": "Planification et production de rapports",
    "Project Portfolio Management": "Gestion de portefeuilles de projets",
    "IT Security": "Sécurité de la TI",
    "Software Solutions": "Solutions logicielles",
    "Information and Data Functions": "Fonctions liées à l’information et aux données",
    "English essential": "Anglais essentiel",
    "French essential": "Français essentiel",
    "Bilingual, intermediate (B B B)": "Bilingue, niveau intermédiaire (B B B)",
    "Bilingual, advanced (C B C)": "Bilingue, niveau avancé (C B C)",
    "Various language requirements": "Exigences linguistiques variées",
    "Reliability": "Fiabilité",
    "Secret": "Secret",
    "Top secret": "Très secret",
    "Term or indeterminate": "Durée déterminée ou indéterminée",
    "Essential": "Essentielle",
    "Asset": "Atout",
    "General question": "Question générale",
    "Screening question": "Question de présélection",
    "Application screening": "Présélection des candidatures",
    "Exam": "Examen",
    "Interview": "Entrevue",
    "Reference check": "Vérification des références",
    "Other assessment": "Autre évaluation",
    "Placed tentatively": "Placement provisoire",
    "Placed casually": "Placement occasionnel",
    "Placed in a term position": "Placement pour une durée déterminée",
    "Placed in an indeterminate position": "Placement pour une durée indéterminée",
    "The candidate withdrew": "La personne candidate s’est retirée",
    "The candidate is not responsive": "La personne candidate ne répond pas",
    "The candidate is ineligible": "La personne candidate n’est pas admissible",
    "Other reason": "Autre motif",
    "Closed": "Fermé",
    # jobs/services/processes.py
    "Key tasks": "Tâches principales",
    "Your impact": "Votre impact",
    "About us": "À propos de nous",
    "What to expect after you apply": "À quoi vous attendre après avoir postulé",
    "Special note": "Remarque particulière",
    "Location": "Lieu de travail",
    "Give “%(field)s” in both English and French, or in neither.": (
        "Donnez « %(field)s » en anglais et en français, ou dans aucune des deux langues."
    ),
    "Give “%(field)s” in English and French.": "Donnez « %(field)s » en anglais et en français.",
    "Choose %(what)s.": "Choisissez %(what)s.",
    "a classification": "une classification",
    "a work stream": "un volet de travail",
    "a language requirement": "une exigence linguistique",
    "a security clearance": "une cote de sécurité",
    "an opportunity length": "une durée d’emploi",
    "a contact e-mail address": "une adresse courriel de personne-ressource",
    "Give a location, or say the work is remote.": (
        "Indiquez un lieu ou précisez que le travail se fait à distance."
    ),
    "Add at least one essential skill.": "Ajoutez au moins une compétence essentielle.",
    "Give every skill a required level.": "Donnez un niveau requis à chaque compétence.",
    "Replace the retired skills.": "Remplacez les compétences retirées.",
    "Set a closing date after today.": "Fixez une date de clôture postérieure à aujourd’hui.",
    "An archived process cannot be changed. Unarchive it first.": (
        "Un processus archivé ne peut pas être modifié. Désarchivez-le d’abord."
    ),
    "Use “extend the closing date” to change the closing date of a published process.": (
        "Utilisez « Prolonger la date de clôture » pour changer la date de clôture d’un processus publié."
    ),
    "Choose essential or asset.": "Choisissez essentielle ou atout.",
    "Write the question in English and in French.": "Rédigez la question en anglais et en français.",
    "Only a draft can be published.": "Seule une ébauche peut être publiée.",
    "Only a published, open process can be closed.": "Seul un processus publié et ouvert peut être fermé.",
    "Give the reason for closing early.": "Donnez la raison de la fermeture anticipée.",
    "Only a published or closed process can get a new closing date.": (
        "Seul un processus publié ou fermé peut recevoir une nouvelle date de clôture."
    ),
    "The new closing date must be in the future.": "La nouvelle date de clôture doit être dans le futur.",
    "Only a closed process can be archived.": "Seul un processus fermé peut être archivé.",
    "Only an archived process can be unarchived.": "Seul un processus archivé peut être désarchivé.",
    "Only a draft can be deleted.": "Seule une ébauche peut être supprimée.",
    "This process has applications and cannot be deleted.": (
        "Ce processus a des candidatures et ne peut pas être supprimé."
    ),
    "Only recruiters and administrators can run a process.": (
        "Seuls les recruteurs et les administrateurs peuvent mener un processus."
    ),
    # jobs/services/assessment.py
    "Choose essential skills of this process.": "Choisissez des compétences essentielles de ce processus.",
    "Results were recorded at this step: it cannot be removed.": (
        "Des résultats ont été consignés à cette étape : elle ne peut pas être retirée."
    ),
    "A draft cannot be assessed.": "Une ébauche ne peut pas être évaluée.",
    "This step belongs to another process.": "Cette étape appartient à un autre processus.",
    "The education requirement is assessed at the application screening step.": (
        "L’exigence d’études est évaluée à l’étape de présélection des candidatures."
    ),
    "This skill is not assessed at this step.": "Cette compétence n’est pas évaluée à cette étape.",
    "Choose successful, unsuccessful or on hold.": "Choisissez satisfaisant, non satisfaisant ou en suspens.",
    "Explain why the result is unsuccessful.": "Expliquez pourquoi le résultat est non satisfaisant.",
    # jobs/services/decisions.py
    "Give the reason.": "Donnez la raison.",
    "A draft cannot receive a decision.": "Une ébauche ne peut pas faire l’objet d’une décision.",
    "This candidate was removed from the process. Reinstate them first.": (
        "Cette personne candidate a été retirée du processus. Réintégrez-la d’abord."
    ),
    "A decision was already made. Revert it first.": "Une décision a déjà été prise. Annulez-la d’abord.",
    "The expiry date cannot be in the past.": "La date d’expiration ne peut pas être dans le passé.",
    "There is no decision to revert.": "Il n’y a aucune décision à annuler.",
    "Revert the placement first.": "Annulez d’abord le placement.",
    "Only a qualified candidate can be placed.": "Seule une personne candidate qualifiée peut être placée.",
    "This candidate is already placed. Revert the placement first.": (
        "Cette personne candidate est déjà placée. Annulez d’abord le placement."
    ),
    "Choose the department.": "Choisissez le ministère.",
    "This candidate is not placed.": "Cette personne candidate n’est pas placée.",
    "A draft cannot be removed; the candidate can delete it.": (
        "Une ébauche ne peut pas être retirée; la personne candidate peut la supprimer."
    ),
    "This candidate was already removed.": "Cette personne candidate a déjà été retirée.",
    "A placed candidate cannot be removed. Revert the placement first.": (
        "Une personne candidate placée ne peut pas être retirée. Annulez d’abord le placement."
    ),
    "Only a removed candidate can be reinstated.": (
        "Seule une personne candidate retirée peut être réintégrée."
    ),
    "Only a qualified candidacy can be paused.": "Seule une candidature qualifiée peut être mise en pause.",
}

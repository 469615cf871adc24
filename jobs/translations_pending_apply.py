"""French translations of the job board's and the application pages' strings, to merge into
``talent/translations/fr/LC_MESSAGES/messages.po`` (plurals: [singular, plural])."""

FR: dict[str, str | list[str]] = {
    # Board filters (jobs/board/forms.py, views.py)
    "Use at most %(max)d characters.": "Utilisez au plus %(max)d caractères.",
    "Remote work": "Télétravail",
    "At a location (not remote)": "Sur place (pas de télétravail)",
    "Classification": "Classification",
    "Work stream": "Volet de travail",
    "Any work stream": "Tous les volets",
    "Language requirement": "Exigence linguistique",
    "Any language requirement": "Toutes les exigences linguistiques",
    "Remote or on site": "Télétravail ou sur place",
    "Remote or at a location": "Télétravail ou sur place",
    "Location": "Lieu de travail",
    "A city or region, for example Ottawa.": "Une ville ou une région, par exemple Ottawa.",
    "A skill's name, in English or in French, for example Python or sécurité.": (
        "Le nom d’une compétence, en français ou en anglais, par exemple Python ou sécurité."
    ),
    "Choose an option from the list.": "Choisissez une option de la liste.",
    "%(low)s to %(high)s": "de %(low)s à %(high)s",
    "%(date)s at %(time)s %(zone)s": "%(date)s à %(time)s (%(zone)s)",
    "Any classification": "Toutes les classifications",
    "%(group)s, all levels": "%(group)s, tous les niveaux",
    # The board and an advertisement
    "Job advertisements": "Offres d’emploi",
    "Digital jobs in the Government of Canada that are open to applications now. Apply with your "
    "profile: you keep one profile for every application.": (
        "Les emplois numériques du gouvernement du Canada ouverts aux candidatures en ce moment. Postulez "
        "avec votre profil : vous gardez un seul profil pour toutes vos candidatures."
    ),
    "Filter the advertisements": "Filtrer les offres d’emploi",
    "Show the advertisements": "Afficher les offres d’emploi",
    "Clear the filters": "Effacer les filtres",
    "%(num)d job advertisement": ["%(num)d offre d’emploi", "%(num)d offres d’emploi"],
    "Advertisements that ask for one of these skills: %(skills)s.": (
        "Offres d’emploi qui demandent l’une de ces compétences : %(skills)s."
    ),
    "No skill matches “%(query)s”. Try another word, in English or in French.": (
        "Aucune compétence ne correspond à « %(query)s ». Essayez un autre mot, en français ou en anglais."
    ),
    "No job advertisement fits these filters. Try fewer filters.": (
        "Aucune offre d’emploi ne correspond à ces filtres. Essayez avec moins de filtres."
    ),
    "There is no job advertisement open right now. Come back soon.": (
        "Aucune offre d’emploi n’est ouverte en ce moment. Revenez bientôt."
    ),
    "or %(place)s": "ou %(place)s",
    "Closing date:": "Date de clôture :",
    "Closing date": "Date de clôture",
    "level required:": "niveau exigé :",
    "This job advertisement is closed": "Cette offre d’emploi est fermée",
    "It no longer accepts applications.": "Elle n’accepte plus de candidatures.",
    "About the position": "À propos du poste",
    "Salary": "Salaire",
    "Security clearance": "Cote de sécurité",
    "Length of the opportunity": "Durée de l’emploi",
    "Operational requirements": "Exigences opérationnelles",
    "None": "Aucune",
    "Questions? Write to": "Des questions? Écrivez à",
    "Key tasks": "Tâches principales",
    "Your impact": "Votre impact",
    "About us": "À propos de nous",
    "Essential skills": "Compétences essentielles",
    "You need these skills, at the level shown, to qualify.": (
        "Vous devez posséder ces compétences, au niveau indiqué, pour être qualifié."
    ),
    "Asset skills": "Compétences constituant un atout",
    "These skills are not required, but they may help.": (
        "Ces compétences ne sont pas exigées, mais elles peuvent vous aider."
    ),
    "What to expect after you apply": "À quoi vous attendre après avoir postulé",
    "Special note": "Remarque particulière",
    "Apply": "Postuler",
    "Status of your application:": "État de votre candidature :",
    "See your application": "Voir votre candidature",
    "Continue your application": "Poursuivre votre candidature",
    "Sign in with your candidate account to apply. No account yet? Create one: it takes a few minutes.": (
        "Connectez-vous avec votre compte de candidat pour postuler. Pas encore de compte? Créez-en un : "
        "cela prend quelques minutes."
    ),
    "Sign in to apply": "Se connecter pour postuler",
    "Only candidates can apply. Sign in with a candidate account to apply.": (
        "Seuls les candidats peuvent postuler. Connectez-vous avec un compte de candidat pour postuler."
    ),
    # Navigation and dashboard
    "Jobs": "Emplois",
    "My applications": "Mes candidatures",
    "Find a job and apply": "Trouver un emploi et postuler",
    # Applying (jobs/apply)
    "Signature: type your full name": "Signature : inscrivez votre nom complet",
    "By signing, you confirm that the information in your application is true and complete.": (
        "En signant, vous confirmez que les renseignements de votre candidature sont exacts et complets."
    ),
    "You started your application.": "Vous avez commencé votre candidature.",
    "You submitted your application.": "Vous avez soumis votre candidature.",
    "You qualified: you are in the pool of prequalified candidates.": (
        "Vous êtes qualifié : vous faites partie du bassin de candidats préqualifiés."
    ),
    "Your application was unsuccessful.": "Votre candidature n’a pas été retenue.",
    "The decision on your application was reopened.": "La décision sur votre candidature a été rouverte.",
    "You were offered a position from this pool.": "Un poste vous a été offert à partir de ce bassin.",
    "Your placement was cancelled.": "Votre nomination a été annulée.",
    "Your application is active again.": "Votre candidature est de nouveau active.",
    "You said you are not interested for now.": "Vous avez indiqué ne pas être intéressé pour le moment.",
    "You said you are interested again.": "Vous avez indiqué être de nouveau intéressé.",
    "You withdrew your application.": "Vous avez retiré votre candidature.",
    "You were removed from the process because you did not respond.": (
        "Vous avez été retiré du processus parce que vous n’avez pas répondu."
    ),
    "You were removed from the process because you are not eligible.": (
        "Vous avez été retiré du processus parce que vous n’êtes pas admissible."
    ),
    "You were removed from the process.": "Vous avez été retiré du processus.",
    "Your application was updated.": "Votre candidature a été mise à jour.",
    "Hiring managers will not be told about you from this pool until you say you are interested again.": (
        "Les gestionnaires d’embauche ne recevront pas votre candidature à partir de ce bassin tant que vous "
        "n’aurez pas indiqué être de nouveau intéressé."
    ),
    "You are again available to hiring managers from this pool.": (
        "Vous êtes de nouveau disponible pour les gestionnaires d’embauche à partir de ce bassin."
    ),
    "This application was already submitted.": "Cette candidature a déjà été soumise.",
    "Your answers were saved. You can come back to finish your application.": (
        "Vos réponses ont été enregistrées. Vous pouvez revenir pour terminer votre candidature."
    ),
    "Your application was not submitted. Fix the problems listed below.": (
        "Votre candidature n’a pas été soumise. Corrigez les problèmes énumérés ci-dessous."
    ),
    "Your draft application was deleted.": "Votre ébauche de candidature a été supprimée.",
    "Your application was withdrawn.": "Votre candidature a été retirée.",
    "Apply: %(title)s": "Postuler : %(title)s",
    "Applying takes three steps. You can stop at any time: your draft is saved.": (
        "Postuler se fait en trois étapes. Vous pouvez vous arrêter à tout moment : votre ébauche est "
        "enregistrée."
    ),
    "Answer the questions of the job advertisement.": "Répondez aux questions de l’offre d’emploi.",
    "Review the profile you will send, and complete it if something is missing.": (
        "Vérifiez le profil que vous enverrez et complétez-le s’il manque quelque chose."
    ),
    "Sign and submit your application before the closing date.": (
        "Signez et soumettez votre candidature avant la date de clôture."
    ),
    "Start my application": "Commencer ma candidature",
    "See the job advertisements open now": "Voir les offres d’emploi ouvertes en ce moment",
    "Questions": "Questions",
    "Step %(step)d of %(steps)d": "Étape %(step)d sur %(steps)d",
    "Your application to “%(title)s”.": "Votre candidature à « %(title)s ».",
    "Read the job advertisement": "Lire l’offre d’emploi",
    "This draft can no longer be submitted. You can delete it from your applications.": (
        "Cette ébauche ne peut plus être soumise. Vous pouvez la supprimer de vos candidatures."
    ),
    "General questions": "Questions générales",
    "Screening questions": "Questions de présélection",
    "The recruitment team uses your answers to these questions to screen applications.": (
        "L’équipe de recrutement utilise vos réponses à ces questions pour présélectionner les candidatures."
    ),
    "This job advertisement has no questions. Continue to review your application.": (
        "Cette offre d’emploi ne comporte aucune question. Continuez pour vérifier votre candidature."
    ),
    "Save and continue": "Enregistrer et continuer",
    "Save and finish later": "Enregistrer et terminer plus tard",
    "Review and submit": "Vérifier et soumettre",
    "Before you can submit": "Avant de pouvoir soumettre",
    "Your application is ready": "Votre candidature est prête",
    "Check what you will send below, then sign and submit.": (
        "Vérifiez ci-dessous ce que vous enverrez, puis signez et soumettez."
    ),
    "Your answers": "Vos réponses",
    "Not answered yet": "Pas encore de réponse",
    "Edit your answers": "Modifier vos réponses",
    "This job advertisement has no questions.": "Cette offre d’emploi ne comporte aucune question.",
    "The profile you will send": "Le profil que vous enverrez",
    "The recruitment team receives your profile as it is when you submit; later changes do not change "
    "your application. Your employment equity self-declaration is not sent.": (
        "L’équipe de recrutement reçoit votre profil tel qu’il est au moment où vous soumettez; les "
        "modifications ultérieures ne changent pas votre candidature. Votre auto-déclaration d’équité en "
        "matière d’emploi n’est pas envoyée."
    ),
    "Sign and submit": "Signer et soumettre",
    "Submit my application": "Soumettre ma candidature",
    "Application submitted": "Candidature soumise",
    "We received your application": "Nous avons reçu votre candidature",
    "We received your application to “%(title)s”. The recruitment team will review it after the closing "
    "date.": (
        "Nous avons reçu votre candidature à « %(title)s ». L’équipe de recrutement l’examinera après la "
        "date de clôture."
    ),
    "We also sent you a confirmation by e-mail. You can follow the status of your application at any time.": (
        "Nous vous avons aussi envoyé une confirmation par courriel. Vous pouvez suivre l’état de votre "
        "candidature en tout temps."
    ),
    "See other job advertisements": "Voir d’autres offres d’emploi",
    # My applications, an application, confirmations
    "Job advertisement": "Offre d’emploi",
    "Started": "Commencée",
    "Submitted": "Soumise",
    "Continue": "Continuer",
    "Delete": "Supprimer",
    "Withdraw": "Retirer",
    "Not interested for now": "Pas intéressé pour le moment",
    "not interested for now": "pas intéressé pour le moment",
    "I am interested again": "Je suis de nouveau intéressé",
    "“Not interested for now” keeps your place in a pool, but hiring managers are not told about you "
    "until you say you are interested again.": (
        "« Pas intéressé pour le moment » conserve votre place dans un bassin, mais les gestionnaires "
        "d’embauche ne reçoivent pas votre candidature tant que vous n’avez pas indiqué être de nouveau "
        "intéressé."
    ),
    "You have not applied to a job advertisement yet.": (
        "Vous n’avez pas encore postulé à une offre d’emploi."
    ),
    "See the job advertisements": "Voir les offres d’emploi",
    "My application": "Ma candidature",
    "In the pool until": "Dans le bassin jusqu’au",
    "Delete this draft": "Supprimer cette ébauche",
    "Withdraw this application": "Retirer cette candidature",
    "History": "Historique",
    "This job advertisement had no questions.": "Cette offre d’emploi ne comportait aucune question.",
    "The profile you sent": "Le profil que vous avez envoyé",
    "Your profile as it was when you submitted. Later changes to your profile do not change it.": (
        "Votre profil tel qu’il était au moment de la soumission. Les modifications ultérieures de votre "
        "profil ne le changent pas."
    ),
    "Delete your draft application": "Supprimer votre ébauche de candidature",
    "Your draft application to “%(title)s” and your answers to its questions will be deleted. Your "
    "profile is not changed.": (
        "Votre ébauche de candidature à « %(title)s » et vos réponses à ses questions seront supprimées. "
        "Votre profil n’est pas modifié."
    ),
    "Delete the draft": "Supprimer l’ébauche",
    "Withdraw your application": "Retirer votre candidature",
    "Are you sure?": "En êtes-vous certain?",
    "If you withdraw your application to “%(title)s”, the recruitment team stops assessing it, and if "
    "you qualified you leave its pool. Only the recruitment team can reinstate you.": (
        "Si vous retirez votre candidature à « %(title)s », l’équipe de recrutement cesse de l’évaluer et, "
        "si vous étiez qualifié, vous quittez son bassin. Seule l’équipe de recrutement peut vous réintégrer."
    ),
    "Withdraw my application": "Retirer ma candidature",
}

"""The skills library: importing the shipped ESCO and GC data (``services.import_library``), searching it
(``search.search``), browsing it by family, and its administration (add, edit, retire, merge).

Other packages choose skills through ``services.choosable_skill``, which refuses unknown and retired
skills with a translated ``SkillError``.
"""

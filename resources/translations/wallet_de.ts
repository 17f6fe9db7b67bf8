<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name></name>
    <message>
        <source>Learner Portfolio</source>
        <translation>Learner Portfolio</translation>
    </message>
    <message>
        <source>Notices about this computer</source>
        <translation>Hinweise zu diesem Computer</translation>
    </message>
    <message>
        <source>This computer deletes your wallet when you log off. Save an encrypted backup to a drive you take with you before quitting?</source>
        <translation>Dieser Computer löscht Ihre Sammlung beim Abmelden. Vor dem Beenden eine verschlüsselte Sicherung auf einem Laufwerk speichern, das Sie mitnehmen?</translation>
    </message>
    <message>
        <source>Save a backup before quitting?</source>
        <translation>Vor dem Beenden eine Sicherung speichern?</translation>
    </message>
    <message>
        <source>Save the encrypted backup</source>
        <translation>Verschlüsselte Sicherung speichern</translation>
    </message>
    <message>
        <source>Backup passphrase</source>
        <translation>Passphrase der Sicherung</translation>
    </message>
    <message>
        <source>A passphrase of at least %1 characters; you need it to restore:</source>
        <translation>Eine Passphrase mit mindestens %1 Zeichen; Sie brauchen sie zum Wiederherstellen:</translation>
    </message>
    <message>
        <source>The backup was not written</source>
        <translation>Die Sicherung wurde nicht geschrieben</translation>
    </message>
    <message>
        <source>Backup saved</source>
        <translation>Sicherung gespeichert</translation>
    </message>
    <message>
        <source>Your wallet was backed up.</source>
        <translation>Ihre Sammlung wurde gesichert.</translation>
    </message>
</context>
<context>
    <name>DetailsController</name>
    <message>
        <source>Save the original</source>
        <extracomment>On each check&apos;s line: its machine name and outcome (tests and assistive tools read them).</extracomment>
        <translation>Original speichern</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Last verified on %1</source>
        <extracomment>Something in the wallet changed (re-verified, removed, restored): reload the list. One line for the status bar. A credential was removed; the window offers Undo. A removed credential came back under this id. A task failed (the exception), for the window&apos;s error reporting. ``(parent, suggested name) -&gt; path or None``; a dialog, or a stub in tests.</extracomment>
        <translation>Zuletzt geprüft am %1</translation>
    </message>
    <message>
        <source>Not verified yet</source>
        <translation>Noch nicht geprüft</translation>
    </message>
    <message>
        <source>Skills</source>
        <translation>Kompetenzen</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>Leistungspunkte</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Nachweise</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Schlagwörter</translation>
    </message>
    <message>
        <source>Your tags</source>
        <translation>Ihre Schlagwörter</translation>
    </message>
    <message>
        <source> (shown)</source>
        <translation> (angezeigt)</translation>
    </message>
    <message>
        <source>Issuer: not checked against a registry</source>
        <translation>Aussteller: nicht mit einem Register abgeglichen</translation>
    </message>
    <message>
        <source>Self-described issuer: the issuer names itself; no registry you hold lists it</source>
        <translation>Selbstbenannter Aussteller: der Aussteller nennt sich selbst so; keines Ihrer Register führt ihn</translation>
    </message>
    <message>
        <source>Recognised issuer: %1</source>
        <translation>Anerkannter Aussteller: %1</translation>
    </message>
    <message>
        <source>(as of %1)</source>
        <translation>(Stand %1)</translation>
    </message>
    <message>
        <source>What you can do: %1</source>
        <translation>Was Sie tun können: %1</translation>
    </message>
    <message>
        <source>Checking online…</source>
        <translation>Online-Prüfung läuft…</translation>
    </message>
    <message>
        <source>Re-verifying…</source>
        <translation>Wird erneut geprüft…</translation>
    </message>
    <message>
        <source>Re-verified</source>
        <translation>Erneut geprüft</translation>
    </message>
    <message>
        <source>Saved the original as %1</source>
        <translation>Original gespeichert als %1</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <source>Saved what you added</source>
        <translation>Ihre Angaben wurden gespeichert</translation>
    </message>
    <message>
        <source>Removing…</source>
        <translation>Wird entfernt…</translation>
    </message>
    <message>
        <source>Put back “%1”</source>
        <translation>„%1“ wiederhergestellt</translation>
    </message>
    <message>
        <source>It is already in the wallet again</source>
        <translation>Es ist bereits wieder in der Sammlung</translation>
    </message>
    <message>
        <source>Putting it back…</source>
        <translation>Wird wiederhergestellt…</translation>
    </message>
</context>
<context>
    <name>DetailsView</name>
    <message>
        <source>Badge image</source>
        <translation>Abzeichen-Bild</translation>
    </message>
    <message>
        <source>Credential title</source>
        <translation>Titel des Nachweises</translation>
    </message>
    <message>
        <source>Verification status</source>
        <translation>Prüfstatus</translation>
    </message>
    <message>
        <source>Issuer standing</source>
        <translation>Stellung des Ausstellers</translation>
    </message>
    <message>
        <source>Last verified</source>
        <translation>Zuletzt geprüft</translation>
    </message>
    <message>
        <source>Verification summary</source>
        <translation>Zusammenfassung der Prüfung</translation>
    </message>
    <message>
        <source>Re-verify</source>
        <translation>Erneut prüfen</translation>
    </message>
    <message>
        <source>Re-verify this credential</source>
        <translation>Diesen Nachweis erneut prüfen</translation>
    </message>
    <message>
        <source>Check online</source>
        <translation>Online prüfen</translation>
    </message>
    <message>
        <source>Check this credential online (fetches what is missing)</source>
        <translation>Diesen Nachweis online prüfen (lädt Fehlendes)</translation>
    </message>
    <message>
        <source>Save original…</source>
        <translation>Original speichern…</translation>
    </message>
    <message>
        <source>Save the original file</source>
        <translation>Die Originaldatei speichern</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Remove from the wallet (can be undone)</source>
        <translation>Aus der Sammlung entfernen (rückgängig machbar)</translation>
    </message>
    <message>
        <source>Your tags and notes…</source>
        <translation>Eigene Schlagwörter und Notizen…</translation>
    </message>
    <message>
        <source>Add your own tags and fields (kept apart, marked as entered by you)</source>
        <translation>Eigene Schlagwörter und Felder hinzufügen (getrennt gespeichert, als Ihre Angaben gekennzeichnet)</translation>
    </message>
    <message>
        <source>Verification checks</source>
        <translation>Prüfschritte</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>Prüfungen</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>What the credential says</source>
        <translation>Was der Nachweis angibt</translation>
    </message>
    <message>
        <source>What you added (learner-entered, not checked)</source>
        <translation>Was Sie ergänzt haben (eigene Angaben, nicht geprüft)</translation>
    </message>
    <message>
        <source>Originals of this credential</source>
        <translation>Originale dieses Nachweises</translation>
    </message>
    <message>
        <source>Originals</source>
        <translation>Originale</translation>
    </message>
    <message>
        <source>Choose a credential to see its details and every check.</source>
        <translation>Wählen Sie einen Nachweis, um seine Angaben und jede Prüfung zu sehen.</translation>
    </message>
</context>
<context>
    <name>ImportController</name>
    <message>
        <source>An import is already running</source>
        <extracomment>Pasted text larger than this is refused before anything is written (the import&apos;s own cap applies after). The import finished (the report); the wallet should reload. True while an import runs (the window disables its import actions). One line for the status bar. A task failed (the exception), for the window&apos;s error reporting.</extracomment>
        <translation>Ein Import läuft bereits</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Import läuft…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Import progress</source>
        <translation>Fortschritt des Imports</translation>
    </message>
    <message>
        <source>Importing %1 (%2 of %3)</source>
        <translation>Importiere %1 (%2 von %3)</translation>
    </message>
    <message>
        <source>%1 imported, %2 already held, %3 refused</source>
        <translation>%1 importiert, %2 bereits vorhanden, %3 abgelehnt</translation>
    </message>
    <message>
        <source> (cancelled)</source>
        <translation> (abgebrochen)</translation>
    </message>
</context>
<context>
    <name>ImportSummaryView</name>
    <message>
        <source>Import finished</source>
        <translation>Import abgeschlossen</translation>
    </message>
    <message>
        <source>Import result</source>
        <translation>Ergebnis des Imports</translation>
    </message>
    <message>
        <source>Not imported, and why:</source>
        <translation>Nicht importiert, und warum:</translation>
    </message>
    <message>
        <source>Files not imported, with the reason</source>
        <translation>Nicht importierte Dateien, mit Begründung</translation>
    </message>
    <message>
        <source>Already in your wallet:</source>
        <translation>Bereits in Ihrer Sammlung:</translation>
    </message>
    <message>
        <source>Files already in the wallet</source>
        <translation>Dateien, die bereits in der Sammlung sind</translation>
    </message>
</context>
<context>
    <name>LearnerEditDialog</name>
    <message>
        <source>What you know about “%1”</source>
        <translation>Was Sie über „%1“ wissen</translation>
    </message>
    <message>
        <source>Your own tags and fields</source>
        <translation>Ihre eigenen Schlagwörter und Felder</translation>
    </message>
    <message>
        <source>What you enter here is yours: it is kept apart from what the issuer signed and always shown as entered by you. Leave a field empty to keep what you said before.</source>
        <translation>Was Sie hier eingeben, gehört Ihnen: Es wird getrennt von dem gespeichert, was der Aussteller signiert hat, und immer als Ihre Angabe gezeigt. Lassen Sie ein Feld leer, um Ihre bisherige Angabe zu behalten.</translation>
    </message>
    <message>
        <source>Your tags, separated by commas</source>
        <translation>Ihre Schlagwörter, durch Kommas getrennt</translation>
    </message>
    <message>
        <source>The issuer&apos;s name, as you know it</source>
        <translation>Der Name des Ausstellers, wie Sie ihn kennen</translation>
    </message>
    <message>
        <source>The achievement&apos;s name, as you know it</source>
        <translation>Der Name der Leistung, wie Sie ihn kennen</translation>
    </message>
    <message>
        <source>A note for yourself</source>
        <translation>Eine Notiz für Sie selbst</translation>
    </message>
    <message>
        <source>&amp;Tags</source>
        <translation>&amp;Schlagwörter</translation>
    </message>
    <message>
        <source>&amp;Issuer name</source>
        <translation>&amp;Aussteller</translation>
    </message>
    <message>
        <source>&amp;Achievement name</source>
        <translation>&amp;Leistung</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>&amp;Notiz</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Learner Portfolio</source>
        <translation>Lernportfolio</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
    <message>
        <source>Wallet</source>
        <translation>Sammlung</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Werkzeuge</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Import files…</source>
        <translation>Dateien importieren…</translation>
    </message>
    <message>
        <source>Import folder…</source>
        <translation>Ordner importieren…</translation>
    </message>
    <message>
        <source>Paste a credential</source>
        <translation>Nachweis einfügen</translation>
    </message>
    <message>
        <source>Import a credential&apos;s JSON or JWT from the clipboard</source>
        <translation>Das JSON oder JWT eines Nachweises aus der Zwischenablage importieren</translation>
    </message>
    <message>
        <source>Check a portfolio…</source>
        <translation>Ein Portfolio prüfen…</translation>
    </message>
    <message>
        <source>Check a received portfolio PDF: its signature, the learner&apos;s statement and every credential inside</source>
        <translation>Ein erhaltenes Portfolio-PDF prüfen: seine Signatur, die Erklärung der lernenden Person und jeden enthaltenen Nachweis</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Undo remove</source>
        <translation>Entfernen rückgängig machen</translation>
    </message>
    <message>
        <source>Re-verify</source>
        <translation>Erneut prüfen</translation>
    </message>
    <message>
        <source>Check online</source>
        <translation>Online prüfen</translation>
    </message>
    <message>
        <source>Save original…</source>
        <translation>Original speichern…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Search the wallet</source>
        <translation>Sammlung durchsuchen</translation>
    </message>
    <message>
        <source>Show as grid</source>
        <translation>Als Raster zeigen</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Keys: checking…</source>
        <translation>Schlüssel: wird geprüft…</translation>
    </message>
    <message>
        <source>How your keys are protected</source>
        <translation>Wie Ihre Schlüssel geschützt sind</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Undo the removal</source>
        <translation>Das Entfernen rückgängig machen</translation>
    </message>
    <message>
        <source>Profile: %1</source>
        <translation>Profil: %1</translation>
    </message>
    <message>
        <source>Reading the wallet</source>
        <translation>Sammlung wird gelesen</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>Import fehlgeschlagen</translation>
    </message>
    <message>
        <source>Some pages could not be shown (%1).</source>
        <translation>Einige Seiten konnten nicht angezeigt werden (%1).</translation>
    </message>
    <message>
        <source>Removed “%1”. Undo with Ctrl+Z.</source>
        <translation>„%1“ entfernt. Rückgängig mit Strg+Z.</translation>
    </message>
    <message>
        <source>Import credentials</source>
        <translation>Nachweise importieren</translation>
    </message>
    <message>
        <source>Import every credential in a folder</source>
        <translation>Alle Nachweise eines Ordners importieren</translation>
    </message>
    <message>
        <source>Check a portfolio</source>
        <translation>Ein Portfolio prüfen</translation>
    </message>
    <message>
        <source>Portfolio PDF (*.pdf);;All files (*)</source>
        <translation>Portfolio-PDF (*.pdf);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>Prüfe %1…</translation>
    </message>
    <message>
        <source>The portfolio could not be checked</source>
        <translation>Das Portfolio konnte nicht geprüft werden</translation>
    </message>
    <message>
        <source>Keys: status unknown</source>
        <translation>Schlüssel: Zustand unbekannt</translation>
    </message>
    <message>
        <source>No identity yet; keys would be protected by: %1</source>
        <translation>Noch keine Identität; Schlüssel würden geschützt durch: %1</translation>
    </message>
    <message>
        <source>Keys: %1 (secure)</source>
        <translation>Schlüssel: %1 (sicher)</translation>
    </message>
    <message>
        <source>Keys: %1 (NOT secure)</source>
        <translation>Schlüssel: %1 (NICHT sicher)</translation>
    </message>
    <message>
        <source>Keys: %1 (locked)</source>
        <translation>Schlüssel: %1 (gesperrt)</translation>
    </message>
    <message>
        <source>Something unexpected went wrong (%1).</source>
        <translation>Etwas Unerwartetes ist schiefgegangen (%1).</translation>
    </message>
</context>
<context>
    <name>Wallet</name>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>Aussteller</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Ausgestellt</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>geprüft</translation>
    </message>
    <message>
        <source>tampered</source>
        <translation>verändert</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>widerrufen</translation>
    </message>
    <message>
        <source>unverifiable</source>
        <translation>nicht prüfbar</translation>
    </message>
    <message>
        <source>self-reported</source>
        <translation>selbst angegeben</translation>
    </message>
    <message>
        <source>malformed</source>
        <translation>fehlerhaft</translation>
    </message>
    <message>
        <source>unsupported</source>
        <translation>nicht unterstützt</translation>
    </message>
    <message>
        <source>not yet valid</source>
        <translation>noch nicht gültig</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>nicht geprüft</translation>
    </message>
    <message>
        <source>The issuer&apos;s signature checks out and ties to the issuer.</source>
        <translation>Die Signatur des Ausstellers stimmt und gehört zum Aussteller.</translation>
    </message>
    <message>
        <source>The credential was changed after it was issued, or the key is wrong.</source>
        <translation>Der Nachweis wurde nach der Ausstellung verändert, oder der Schlüssel ist falsch.</translation>
    </message>
    <message>
        <source>The credential is past its expiry date.</source>
        <translation>Der Nachweis ist abgelaufen.</translation>
    </message>
    <message>
        <source>The issuer has revoked this credential.</source>
        <translation>Der Aussteller hat diesen Nachweis widerrufen.</translation>
    </message>
    <message>
        <source>Something needed to check it is missing; see the details.</source>
        <translation>Zur Prüfung fehlt etwas; siehe die Einzelheiten.</translation>
    </message>
    <message>
        <source>Nothing cryptographic backs it (a PDF certificate).</source>
        <translation>Nichts Kryptografisches belegt ihn (ein PDF-Zertifikat).</translation>
    </message>
    <message>
        <source>The credential cannot be read as its format requires.</source>
        <translation>Der Nachweis lässt sich nicht so lesen, wie sein Format es verlangt.</translation>
    </message>
    <message>
        <source>This kind of credential is kept but not verified by this app.</source>
        <translation>Diese Art Nachweis wird aufbewahrt, aber von dieser App nicht geprüft.</translation>
    </message>
    <message>
        <source>The credential is not valid yet.</source>
        <translation>Der Nachweis ist noch nicht gültig.</translation>
    </message>
    <message>
        <source>Not checked yet.</source>
        <translation>Noch nicht geprüft.</translation>
    </message>
    <message>
        <source>recognised issuer</source>
        <translation>anerkannter Aussteller</translation>
    </message>
    <message>
        <source>self-described issuer</source>
        <translation>selbstbenannter Aussteller</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>nicht bestanden</translation>
    </message>
    <message>
        <source>Issuer id</source>
        <translation>Aussteller-Kennung</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>Gültig ab</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Gültig bis</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Empfänger</translation>
    </message>
    <message>
        <source>Credential id</source>
        <translation>Nachweis-Kennung</translation>
    </message>
    <message>
        <source>Achievement id</source>
        <translation>Leistungs-Kennung</translation>
    </message>
    <message>
        <source>Verify at</source>
        <translation>Prüfen unter</translation>
    </message>
    <message>
        <source>Original file</source>
        <translation>Originaldatei</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>Importiert</translation>
    </message>
    <message>
        <source>Issuer name</source>
        <translation>Name des Ausstellers</translation>
    </message>
    <message>
        <source>Achievement name</source>
        <translation>Name der Leistung</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>Leistungspunkte</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>Add the email address this badge was issued to (Settings → emails), then re-verify.</source>
        <translation>Fügen Sie die E-Mail-Adresse hinzu, auf die dieses Abzeichen ausgestellt wurde (Einstellungen → E-Mail-Adressen), und prüfen Sie dann erneut.</translation>
    </message>
    <message>
        <source>Import your career centre&apos;s or issuer&apos;s trust bundle (Tools → trust bundles), or check online if you allow the network.</source>
        <translation>Importieren Sie das Vertrauenspaket Ihres Career Centers oder des Ausstellers (Werkzeuge → Vertrauenspakete), oder prüfen Sie online, wenn Sie das Netz erlauben.</translation>
    </message>
    <message>
        <source>Import a trust bundle holding the issuer&apos;s profile, or check online.</source>
        <translation>Importieren Sie ein Vertrauenspaket mit dem Profil des Ausstellers, oder prüfen Sie online.</translation>
    </message>
    <message>
        <source>Check online (the issuer&apos;s hosted copy is needed), or import a trust bundle that holds it.</source>
        <translation>Prüfen Sie online (die beim Aussteller hinterlegte Kopie wird gebraucht), oder importieren Sie ein Vertrauenspaket, das sie enthält.</translation>
    </message>
    <message>
        <source>Check online to see whether the issuer has revoked it, or import a trust bundle with the issuer&apos;s status list.</source>
        <translation>Prüfen Sie online, ob der Aussteller ihn widerrufen hat, oder importieren Sie ein Vertrauenspaket mit der Statusliste des Ausstellers.</translation>
    </message>
    <message>
        <source>Check online to see whether the issuer has revoked it.</source>
        <translation>Prüfen Sie online, ob der Aussteller ihn widerrufen hat.</translation>
    </message>
    <message>
        <source>Import a registry of recognised issuers (a trust bundle from your career centre) to see whether this issuer is recognised.</source>
        <translation>Importieren Sie ein Register anerkannter Aussteller (ein Vertrauenspaket Ihres Career Centers), um zu sehen, ob dieser Aussteller anerkannt ist.</translation>
    </message>
    <message>
        <source>Import the EU trust list in a trust bundle, or check online.</source>
        <translation>Importieren Sie die EU-Vertrauensliste in einem Vertrauenspaket, oder prüfen Sie online.</translation>
    </message>
    <message>
        <source>Check online to fetch the issuer&apos;s key, or import a trust bundle that holds it.</source>
        <translation>Prüfen Sie online, um den Schlüssel des Ausstellers zu laden, oder importieren Sie ein Vertrauenspaket, das ihn enthält.</translation>
    </message>
    <message>
        <source>Import a trust bundle that holds what is missing, or check online.</source>
        <translation>Importieren Sie ein Vertrauenspaket mit dem Fehlenden, oder prüfen Sie online.</translation>
    </message>
    <message>
        <source>Credentials (*.png *.svg *.json *.jsonld *.jwt *.jws *.pdf *.xml);;All files (*)</source>
        <translation>Nachweise (*.png *.svg *.json *.jsonld *.jwt *.jws *.pdf *.xml);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>WalletController</name>
    <message>
        <source>1 credential</source>
        <extracomment>Typing pauses this long before the wallet is filtered: one filter per burst of keys. The chosen credential&apos;s id, or -1 when nothing is chosen. Enter or double-click on a credential: open its details. Rows arrived from the store (how many). A read failed (the exception), for the window&apos;s error reporting.</extracomment>
        <translation>1 Nachweis</translation>
    </message>
    <message>
        <source>%1 credentials</source>
        <translation>%1 Nachweise</translation>
    </message>
    <message>
        <source>%1 of %2 credentials</source>
        <translation>%1 von %2 Nachweisen</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Jeder Status</translation>
    </message>
    <message>
        <source>Any issuer</source>
        <translation>Jeder Aussteller</translation>
    </message>
    <message>
        <source>Any format</source>
        <translation>Jedes Format</translation>
    </message>
    <message>
        <source>Any skill</source>
        <translation>Jede Kompetenz</translation>
    </message>
    <message>
        <source>Any tag</source>
        <translation>Jedes Schlagwort</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Raster</translation>
    </message>
</context>
<context>
    <name>WalletView</name>
    <message>
        <source>Search title, issuer, skill, tag…</source>
        <extracomment>``id -&gt; QIcon | None`` (the controller&apos;s picture loader); None shows no pictures.</extracomment>
        <translation>Titel, Aussteller, Kompetenz, Schlagwort suchen…</translation>
    </message>
    <message>
        <source>Search the wallet</source>
        <translation>Sammlung durchsuchen</translation>
    </message>
    <message>
        <source>Filter by status</source>
        <translation>Nach Status filtern</translation>
    </message>
    <message>
        <source>Filter by issuer</source>
        <translation>Nach Aussteller filtern</translation>
    </message>
    <message>
        <source>Filter by format</source>
        <translation>Nach Format filtern</translation>
    </message>
    <message>
        <source>Filter by skill</source>
        <translation>Nach Kompetenz filtern</translation>
    </message>
    <message>
        <source>Filter by tag</source>
        <translation>Nach Schlagwort filtern</translation>
    </message>
    <message>
        <source>Expiring soon</source>
        <translation>Läuft bald ab</translation>
    </message>
    <message>
        <source>Only credentials expiring within 90 days</source>
        <translation>Nur Nachweise, die innerhalb von 90 Tagen ablaufen</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Raster</translation>
    </message>
    <message>
        <source>Show as a grid of badges</source>
        <translation>Als Raster von Abzeichen zeigen</translation>
    </message>
    <message>
        <source>Switch between the table and a grid of badges</source>
        <translation>Zwischen Tabelle und Abzeichen-Raster wechseln</translation>
    </message>
    <message>
        <source>Number of credentials shown</source>
        <translation>Anzahl der gezeigten Nachweise</translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation>Nachweise</translation>
    </message>
    <message>
        <source>Credentials as badges</source>
        <translation>Nachweise als Abzeichen</translation>
    </message>
    <message>
        <source>Add sample credentials</source>
        <translation>Beispiel-Nachweise hinzufügen</translation>
    </message>
    <message>
        <source>Import files…</source>
        <translation>Dateien importieren…</translation>
    </message>
    <message>
        <source>Import files</source>
        <translation>Dateien importieren</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Your wallet is empty&lt;/h2&gt;&lt;p&gt;Import badges and certificates you have earned (PNG or SVG badges, JSON, JWT, PDF certificates): drop files or folders here, paste with Ctrl+V, or choose files.&lt;/p&gt;&lt;p&gt;Not sure where to start? Add a few real public sample credentials to see how verification works.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Ihre Sammlung ist leer&lt;/h2&gt;&lt;p&gt;Importieren Sie Abzeichen und Zertifikate, die Sie erworben haben (PNG- oder SVG-Abzeichen, JSON, JWT, PDF-Zertifikate): ziehen Sie Dateien oder Ordner hierher, fügen Sie mit Strg+V ein, oder wählen Sie Dateien.&lt;/p&gt;&lt;p&gt;Sie wissen nicht, wo Sie anfangen sollen? Fügen Sie einige echte, öffentliche Beispiel-Nachweise hinzu, um zu sehen, wie die Prüfung funktioniert.&lt;/p&gt;</translation>
    </message>
</context>
</TS>

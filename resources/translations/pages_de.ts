<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ChoosePage</name>
    <message>
        <source>Choose what goes in</source>
        <translation>Auswählen, was hineinkommt</translation>
    </message>
    <message>
        <source>Tick credentials, or take everything that counts for one qualification.</source>
        <translation>Kreuzen Sie Nachweise an oder nehmen Sie alles, was für eine Qualifikation zählt.</translation>
    </message>
    <message>
        <source>What to export</source>
        <translation>Was exportiert wird</translation>
    </message>
    <message>
        <source>Credentials to export</source>
        <translation>Zu exportierende Nachweise</translation>
    </message>
    <message>
        <source>Select all</source>
        <translation>Alle auswählen</translation>
    </message>
    <message>
        <source>Select none</source>
        <translation>Keine auswählen</translation>
    </message>
</context>
<context>
    <name>ContactPage</name>
    <message>
        <source>Your details</source>
        <translation>Ihre Angaben</translation>
    </message>
    <message>
        <source>What the first page of the portfolio says about you.</source>
        <translation>Was die erste Seite des Portfolios über Sie sagt.</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Ihr Name</translation>
    </message>
    <message>
        <source>Contact details, one per line</source>
        <translation>Kontaktangaben, eine pro Zeile</translation>
    </message>
    <message>
        <source>email, phone or web page — one per line</source>
        <translation>E-Mail, Telefon oder Webseite – eine pro Zeile</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Contact details:</source>
        <translation>Kontaktangaben:</translation>
    </message>
</context>
<context>
    <name>ExportWizard</name>
    <message>
        <source>Export a portfolio</source>
        <translation>Ein Portfolio exportieren</translation>
    </message>
    <message>
        <source>The credentials I tick below</source>
        <translation>Die Nachweise, die ich unten ankreuze</translation>
    </message>
    <message>
        <source> — not verified</source>
        <translation> – nicht verifiziert</translation>
    </message>
    <message>
        <source>Everything that counts for: {name}</source>
        <translation>Alles, was zählt für: {name}</translation>
    </message>
    <message>
        <source>{count} chosen</source>
        <translation>{count} ausgewählt</translation>
    </message>
    <message>
        <source>Everything that counts for it, verified now</source>
        <translation>Alles, was dafür zählt, jetzt verifiziert</translation>
    </message>
    <message>
        <source>Checking every credential and signing…</source>
        <translation>Jeder Nachweis wird geprüft und signiert…</translation>
    </message>
    <message>
        <source>That passphrase did not open your keys. Passphrase:</source>
        <translation>Diese Passphrase öffnet Ihre Schlüssel nicht. Passphrase:</translation>
    </message>
    <message>
        <source>Your passphrase, to sign the portfolio:</source>
        <translation>Ihre Passphrase, um das Portfolio zu signieren:</translation>
    </message>
    <message>
        <source>Sign the portfolio</source>
        <translation>Das Portfolio signieren</translation>
    </message>
    <message>
        <source>Not signed: the passphrase was not given.</source>
        <translation>Nicht signiert: Die Passphrase wurde nicht eingegeben.</translation>
    </message>
    <message>
        <source>Signed. Credentials inside: {count}; size: {size} KB.</source>
        <translation>Signiert. Enthaltene Nachweise: {count}; Größe: {size} KB.</translation>
    </message>
    <message>
        <source>Left out because not verified: {count}.</source>
        <translation>Weggelassen, weil nicht verifiziert: {count}.</translation>
    </message>
    <message>
        <source>Creating your signing keys…</source>
        <translation>Ihre Signaturschlüssel werden erstellt…</translation>
    </message>
    <message>
        <source>Create signing keys</source>
        <translation>Signaturschlüssel erstellen</translation>
    </message>
    <message>
        <source>You have no signing keys yet. Choose a passphrase to protect them (at least 12 characters):</source>
        <translation>Sie haben noch keine Signaturschlüssel. Wählen Sie eine Passphrase, die sie schützt (mindestens 12 Zeichen):</translation>
    </message>
    <message>
        <source>Not signed: no signing keys were created.</source>
        <translation>Nicht signiert: Es wurden keine Signaturschlüssel erstellt.</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>Gespeichert unter {path}</translation>
    </message>
</context>
<context>
    <name>IncludePage</name>
    <message>
        <source>What to include</source>
        <translation>Was enthalten sein soll</translation>
    </message>
    <message>
        <source>Every credential is checked again when the PDF is made.</source>
        <translation>Jeder Nachweis wird beim Erstellen des PDFs erneut geprüft.</translation>
    </message>
    <message>
        <source>Also include credentials that are not verified (marked NOT VERIFIED)</source>
        <translation>Auch nicht verifizierte Nachweise aufnehmen (als NICHT VERIFIZIERT markiert)</translation>
    </message>
    <message>
        <source>Also save the signed statement (JSON) beside the PDF</source>
        <translation>Auch die signierte Erklärung (JSON) neben dem PDF speichern</translation>
    </message>
    <message>
        <source>Prepare the fields for LinkedIn</source>
        <translation>Die Felder für LinkedIn vorbereiten</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Preview and sign</source>
        <translation>Vorschau und Signatur</translation>
    </message>
    <message>
        <source>The PDF below is signed with your key; nothing is saved until the next step.</source>
        <translation>Das PDF unten ist mit Ihrem Schlüssel signiert; gespeichert wird erst im nächsten Schritt.</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>Wird vorbereitet…</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Preview of the portfolio PDF</source>
        <translation>Vorschau des Portfolio-PDFs</translation>
    </message>
</context>
<context>
    <name>QualificationsPage</name>
    <message>
        <source>Calculating progress…</source>
        <translation>Fortschritt wird berechnet…</translation>
    </message>
    <message>
        <source>No qualifications yet: add a definition file to track your progress.</source>
        <translation>Noch keine Qualifikationen: Fügen Sie eine Definitionsdatei hinzu, um Ihren Fortschritt zu verfolgen.</translation>
    </message>
    <message>
        <source>{done} of {total} qualifications complete. Only verified credentials count.</source>
        <translation>{done} von {total} Qualifikationen abgeschlossen. Nur verifizierte Nachweise zählen.</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>{percent}% — in progress</source>
        <translation>{percent} % – in Arbeit</translation>
    </message>
    <message>
        <source> · example definition</source>
        <translation> · Beispieldefinition</translation>
    </message>
    <message>
        <source> · your own definition</source>
        <translation> · Ihre eigene Definition</translation>
    </message>
    <message>
        <source>Requirements</source>
        <translation>Anforderungen</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>Near miss: {what}</source>
        <translation>Knapp verfehlt: {what}</translation>
    </message>
    <message>
        <source>Shortest way to finish</source>
        <translation>Kürzester Weg zum Abschluss</translation>
    </message>
    <message>
        <source>Earn: {title}</source>
        <translation>Erwerben: {title}</translation>
    </message>
    <message>
        <source>Verify: #{id} {title}</source>
        <translation>Verifizieren: #{id} {title}</translation>
    </message>
    <message>
        <source>Expiring soon</source>
        <translation>Läuft bald ab</translation>
    </message>
    <message>
        <source>expires on {date}</source>
        <translation>läuft am {date} ab</translation>
    </message>
    <message>
        <source>met</source>
        <translation>erfüllt</translation>
    </message>
    <message>
        <source>counts</source>
        <translation>zählt</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>noch nicht</translation>
    </message>
    <message>
        <source>{percent}%</source>
        <translation>{percent} %</translation>
    </message>
    <message>
        <source>Counted: {ids}</source>
        <translation>Gezählt: {ids}</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>Fehlt</translation>
    </message>
    <message>
        <source>Definition not added</source>
        <translation>Definition nicht hinzugefügt</translation>
    </message>
    <message>
        <source>Added “{name}”.</source>
        <translation>„{name}“ hinzugefügt.</translation>
    </message>
</context>
<context>
    <name>QualificationsView</name>
    <message>
        <source>&lt;h2&gt;Qualifications&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Qualifikationen&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Add a definition file…</source>
        <translation>Definitionsdatei hinzufügen…</translation>
    </message>
    <message>
        <source>Add your own qualification definition file</source>
        <translation>Eigene Qualifikationsdefinition hinzufügen</translation>
    </message>
    <message>
        <source>Recalculate</source>
        <translation>Neu berechnen</translation>
    </message>
    <message>
        <source>Recalculate progress</source>
        <translation>Fortschritt neu berechnen</translation>
    </message>
    <message>
        <source>Qualifications and their requirements</source>
        <translation>Qualifikationen und ihre Anforderungen</translation>
    </message>
    <message>
        <source>Qualification / requirement</source>
        <translation>Qualifikation / Anforderung</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Einzelheiten</translation>
    </message>
</context>
<context>
    <name>SavePage</name>
    <message>
        <source>Save, share and check</source>
        <translation>Speichern, teilen und prüfen</translation>
    </message>
    <message>
        <source>Save the PDF you saw, then add your credentials to LinkedIn.</source>
        <translation>Speichern Sie das gezeigte PDF und fügen Sie Ihre Nachweise dann bei LinkedIn hinzu.</translation>
    </message>
    <message>
        <source>Save the PDF…</source>
        <translation>PDF speichern…</translation>
    </message>
    <message>
        <source>Not saved yet.</source>
        <translation>Noch nicht gespeichert.</translation>
    </message>
    <message>
        <source>For LinkedIn&apos;s “Add licence or certification” form:</source>
        <translation>Für das LinkedIn-Formular „Lizenz oder Zertifizierung hinzufügen“:</translation>
    </message>
    <message>
        <source>LinkedIn fields</source>
        <translation>LinkedIn-Felder</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Check a portfolio…</source>
        <translation>Ein Portfolio prüfen…</translation>
    </message>
    <message>
        <source>Check a portfolio PDF someone sent you</source>
        <translation>Ein Portfolio-PDF prüfen, das Ihnen jemand geschickt hat</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>System default</source>
        <translation>Systemvorgabe</translation>
    </message>
    <message>
        <source>This profile is read-only: settings cannot be changed.</source>
        <translation>Dieses Profil ist schreibgeschützt: Einstellungen können nicht geändert werden.</translation>
    </message>
    <message>
        <source>Key status unknown: {why}</source>
        <translation>Schlüsselstatus unbekannt: {why}</translation>
    </message>
    <message>
        <source>the system keychain</source>
        <translation>den Schlüsselbund des Systems</translation>
    </message>
    <message>
        <source>your passphrase</source>
        <translation>Ihre Passphrase</translation>
    </message>
    <message>
        <source>No signing keys yet. They are made when you first export, or now with “Create signing keys…”; they would be protected by {how}.</source>
        <translation>Noch keine Signaturschlüssel. Sie werden beim ersten Export erstellt oder jetzt mit „Signaturschlüssel erstellen…“; geschützt wären sie durch {how}.</translation>
    </message>
    <message>
        <source>Protected by {how} (secure).</source>
        <translation>Geschützt durch {how} (sicher).</translation>
    </message>
    <message>
        <source>Protected by {how}, which cannot open them now.</source>
        <translation>Geschützt durch {how}, der sie derzeit nicht öffnen kann.</translation>
    </message>
    <message>
        <source>Protected by {how}, but NOT secure.</source>
        <translation>Geschützt durch {how}, aber NICHT sicher.</translation>
    </message>
    <message>
        <source>Settings could not be read or saved ({kind}).</source>
        <translation>Einstellungen konnten nicht gelesen oder gespeichert werden ({kind}).</translation>
    </message>
    <message>
        <source>Name saved.</source>
        <translation>Name gespeichert.</translation>
    </message>
    <message>
        <source>Email address added.</source>
        <translation>E-Mail-Adresse hinzugefügt.</translation>
    </message>
    <message>
        <source>Email address removed.</source>
        <translation>E-Mail-Adresse entfernt.</translation>
    </message>
    <message>
        <source>Online checks allowed when you ask for them.</source>
        <translation>Online-Prüfungen sind erlaubt, wenn Sie darum bitten.</translation>
    </message>
    <message>
        <source>Nothing will be fetched from the network.</source>
        <translation>Es wird nichts aus dem Netz geladen.</translation>
    </message>
    <message>
        <source>Language saved; it applies when the app next starts.</source>
        <translation>Sprache gespeichert; sie gilt beim nächsten Start der App.</translation>
    </message>
    <message>
        <source>{bundle}: {added} added, {replaced} replaced.</source>
        <translation>{bundle}: {added} hinzugefügt, {replaced} ersetzt.</translation>
    </message>
    <message>
        <source>Removed the bundle “{name}”.</source>
        <translation>Das Paket „{name}“ wurde entfernt.</translation>
    </message>
    <message>
        <source>Create signing keys</source>
        <translation>Signaturschlüssel erstellen</translation>
    </message>
    <message>
        <source>Enter your name first: it goes into the signing certificate.</source>
        <translation>Geben Sie zuerst Ihren Namen ein: Er steht im Signaturzertifikat.</translation>
    </message>
    <message>
        <source>No system keychain is available: choose a passphrase to protect your keys (at least 12 characters).</source>
        <translation>Kein Schlüsselbund des Systems verfügbar: Wählen Sie eine Passphrase, die Ihre Schlüssel schützt (mindestens 12 Zeichen).</translation>
    </message>
    <message>
        <source>Signing keys created.</source>
        <translation>Signaturschlüssel erstellt.</translation>
    </message>
    <message>
        <source>Change passphrase</source>
        <translation>Passphrase ändern</translation>
    </message>
    <message>
        <source>Current passphrase:</source>
        <translation>Aktuelle Passphrase:</translation>
    </message>
    <message>
        <source>New passphrase (at least 12 characters):</source>
        <translation>Neue Passphrase (mindestens 12 Zeichen):</translation>
    </message>
    <message>
        <source>Passphrase changed: your keys are sealed under the new one.</source>
        <translation>Passphrase geändert: Ihre Schlüssel sind mit der neuen versiegelt.</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <source>Your name as exports show it</source>
        <translation>Ihr Name, wie Exporte ihn zeigen</translation>
    </message>
    <message>
        <source>Learner name</source>
        <translation>Name der lernenden Person</translation>
    </message>
    <message>
        <source>Save name</source>
        <translation>Name speichern</translation>
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
        <source>Create signing keys…</source>
        <translation>Signaturschlüssel erstellen…</translation>
    </message>
    <message>
        <source>Change passphrase…</source>
        <translation>Passphrase ändern…</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Keys:</source>
        <translation>Schlüssel:</translation>
    </message>
    <message>
        <source>Your email addresses</source>
        <translation>Ihre E-Mail-Adressen</translation>
    </message>
    <message>
        <source>name@example.org</source>
        <translation>name@beispiel.de</translation>
    </message>
    <message>
        <source>Email address to add</source>
        <translation>Hinzuzufügende E-Mail-Adresse</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Email addresses</source>
        <translation>E-Mail-Adressen</translation>
    </message>
    <message>
        <source>Badges addressed to a hidden email are matched against these.</source>
        <translation>Abzeichen, die an eine verborgene E-Mail-Adresse gerichtet sind, werden mit diesen abgeglichen.</translation>
    </message>
    <message>
        <source>Trust bundles</source>
        <translation>Vertrauenspakete</translation>
    </message>
    <message>
        <source>Bundle</source>
        <translation>Paket</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Einträge</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>Stand</translation>
    </message>
    <message>
        <source>Import a trust bundle…</source>
        <translation>Vertrauenspaket importieren…</translation>
    </message>
    <message>
        <source>Remove bundle</source>
        <translation>Paket entfernen</translation>
    </message>
    <message>
        <source>Issuer documents and registries from a career centre or employer, so credentials can be verified offline.</source>
        <translation>Dokumente und Register von Ausstellern, etwa vom Career Center oder Arbeitgeber, damit Nachweise offline verifiziert werden können.</translation>
    </message>
    <message>
        <source>Allow checking credentials online when I ask</source>
        <translation>Online-Prüfung von Nachweisen erlauben, wenn ich darum bitte</translation>
    </message>
    <message>
        <source>Data location</source>
        <translation>Speicherort der Daten</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>A new language applies when the app next starts.</source>
        <translation>Eine neue Sprache gilt beim nächsten Start der App.</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>Dieser Computer</translation>
    </message>
    <message>
        <source>Network:</source>
        <translation>Netzwerk:</translation>
    </message>
    <message>
        <source>Data location:</source>
        <translation>Speicherort:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Settings&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Einstellungen&lt;/h2&gt;</translation>
    </message>
</context>
<context>
    <name>SkillsPage</name>
    <message>
        <source>Skills could not be read ({kind}).</source>
        <translation>Kompetenzen konnten nicht gelesen werden ({kind}).</translation>
    </message>
    <message>
        <source>{count} skills across your credentials.</source>
        <translation>{count} Kompetenzen in Ihren Nachweisen.</translation>
    </message>
    <message>
        <source>No skills yet: credentials that name skills or standards list them here.</source>
        <translation>Noch keine Kompetenzen: Nachweise, die Kompetenzen oder Standards nennen, erscheinen hier.</translation>
    </message>
</context>
<context>
    <name>SkillsView</name>
    <message>
        <source>&lt;h2&gt;Skills&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Kompetenzen&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Include credentials that are not verified</source>
        <translation>Nicht verifizierte Nachweise einbeziehen</translation>
    </message>
    <message>
        <source>Include unverified credentials</source>
        <translation>Nicht verifizierte Nachweise einbeziehen</translation>
    </message>
    <message>
        <source>Skills across all credentials</source>
        <translation>Kompetenzen aus allen Nachweisen</translation>
    </message>
    <message>
        <source>Skill</source>
        <translation>Kompetenz</translation>
    </message>
    <message>
        <source>Framework · code</source>
        <translation>Rahmenwerk · Code</translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation>Nachweise</translation>
    </message>
    <message>
        <source>Not verified</source>
        <translation>Nicht verifiziert</translation>
    </message>
    <message>
        <source>Backed by</source>
        <translation>Belegt durch</translation>
    </message>
</context>
<context>
    <name>WelcomeView</name>
    <message>
        <source>Welcome to Learner Portfolio</source>
        <translation>Willkommen bei Learner Portfolio</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Welcome&lt;/h2&gt;&lt;p&gt;Learner Portfolio keeps the badges and certificates you have earned in one place on this computer, and checks each one: who issued it, whether it was changed, whether it has expired or been revoked.&lt;/p&gt;&lt;p&gt;It shows how far you are towards a qualification, and makes a signed PDF portfolio for an employer or a university.&lt;/p&gt;&lt;p&gt;Nothing leaves this computer unless you ask.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Willkommen&lt;/h2&gt;&lt;p&gt;Learner Portfolio bewahrt die Abzeichen und Zertifikate, die Sie erworben haben, an einem Ort auf diesem Computer auf und prüft jedes davon: wer es ausgestellt hat, ob es verändert wurde, ob es abgelaufen ist oder widerrufen wurde.&lt;/p&gt;&lt;p&gt;Es zeigt, wie weit Sie auf dem Weg zu einer Qualifikation sind, und erstellt ein signiertes PDF-Portfolio für einen Arbeitgeber oder eine Hochschule.&lt;/p&gt;&lt;p&gt;Nichts verlässt diesen Computer, wenn Sie es nicht verlangen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Add sample credentials</source>
        <translation>Beispielnachweise hinzufügen</translation>
    </message>
    <message>
        <source>Add a few real public sample credentials</source>
        <translation>Einige echte, öffentliche Beispielnachweise hinzufügen</translation>
    </message>
    <message>
        <source>Start with an empty wallet</source>
        <translation>Mit einer leeren Sammlung beginnen</translation>
    </message>
</context>
<context>
    <name>pages</name>
    <message>
        <source>verified</source>
        <translation>verifiziert</translation>
    </message>
    <message>
        <source>tampered</source>
        <translation>manipuliert</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>not yet valid</source>
        <translation>noch nicht gültig</translation>
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
        <source>malformed</source>
        <translation>fehlerhaft</translation>
    </message>
    <message>
        <source>unsupported</source>
        <translation>nicht unterstützt</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>nicht geprüft</translation>
    </message>
    <message>
        <source>Type the same passphrase again:</source>
        <translation>Geben Sie dieselbe Passphrase noch einmal ein:</translation>
    </message>
    <message>
        <source>The two passphrases differ; please try again.</source>
        <translation>Die beiden Passphrasen unterscheiden sich; bitte versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Qualifications</source>
        <translation>Qualifikationen</translation>
    </message>
    <message>
        <source>Skills</source>
        <translation>Kompetenzen</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Export a portfolio PDF…</source>
        <translation>Portfolio-PDF exportieren…</translation>
    </message>
    <message>
        <source>Choose credentials, preview the signed PDF, then save it</source>
        <translation>Nachweise auswählen, das signierte PDF ansehen und dann speichern</translation>
    </message>
    <message>
        <source>Welcome…</source>
        <translation>Willkommen…</translation>
    </message>
    <message>
        <source>Add a qualification definition</source>
        <extracomment>``choose() -&gt; a definition file or None``: a file dialog; a stub in tests.</extracomment>
        <translation>Eine Qualifikationsdefinition hinzufügen</translation>
    </message>
    <message>
        <source>Qualification definitions (*.json);;All files (*)</source>
        <translation>Qualifikationsdefinitionen (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Progress could not be calculated ({kind}).</source>
        <translation>Der Fortschritt konnte nicht berechnet werden ({kind}).</translation>
    </message>
    <message>
        <source>Save the portfolio</source>
        <extracomment>``choose(parent, suggested) -&gt; where to save, or None``.</extracomment>
        <translation>Das Portfolio speichern</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Something unexpected went wrong ({kind}); nothing was saved.</source>
        <translation>Etwas Unerwartetes ist schiefgegangen ({kind}); es wurde nichts gespeichert.</translation>
    </message>
    <message>
        <source>Choose a trust bundle folder</source>
        <translation>Ordner eines Vertrauenspakets wählen</translation>
    </message>
</context>
</TS>

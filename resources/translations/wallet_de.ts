<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>DetailsController</name>
    <message>
        <location filename="../../portfolio_app/ui/details_controller.py" line="50" />
        <source>Save the original</source>
        <extracomment>On each check's line: its machine name and outcome (tests and assistive tools read them).</extracomment>
        <translation>Original speichern</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_controller.py" line="52" />
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_controller.py" line="133" />
        <source>Last verified on %1</source>
        <extracomment>Something in the wallet changed (re-verified, removed, restored): reload the list. One line for the status bar. A credential was removed; the window offers Undo. A removed credential came back under this id. A task failed (the exception), for the window's error reporting. ``(parent, suggested name) -&gt; path or None``; a dialog, or a stub in tests.</extracomment>
        <translation>Zuletzt geprüft am %1</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_controller.py" line="137" />
        <source>Not verified yet</source>
        <translation>Noch nicht geprüft</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_controller.py" line="152" />
        <source>Skills</source>
        <translation>Kompetenzen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_controller.py" line="154" />
        <source>Credits</source>
        <translation>Leistungspunkte</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_controller.py" line="156" />
        <source>Evidence</source>
        <translation>Nachweise</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_controller.py" line="160" />
        <source>Tags</source>
        <translation>Schlagwörter</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_controller.py" line="164" />
        <source>Your tags</source>
        <translation>Ihre Schlagwörter</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_controller.py" line="171" />
        <source> (shown)</source>
        <translation> (angezeigt)</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_controller.py" line="178" />
        <source>Issuer: not checked against a registry</source>
        <translation>Aussteller: nicht mit einem Register abgeglichen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_controller.py" line="181" />
        <source>Self-described issuer: the issuer names itself; no registry you hold lists it</source>
        <translation>Selbstbenannter Aussteller: der Aussteller nennt sich selbst so; keines Ihrer Register führt ihn</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_controller.py" line="183" />
        <source>Recognised issuer: %1</source>
        <translation>Anerkannter Aussteller: %1</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_controller.py" line="195" />
        <source>(as of %1)</source>
        <translation>(Stand %1)</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_controller.py" line="200" />
        <source>What you can do: %1</source>
        <translation>Was Sie tun können: %1</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_controller.py" line="245" />
        <source>Checking online…</source>
        <translation>Online-Prüfung läuft…</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_controller.py" line="245" />
        <source>Re-verifying…</source>
        <translation>Wird erneut geprüft…</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_controller.py" line="247" />
        <source>Re-verified</source>
        <translation>Erneut geprüft</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_controller.py" line="262" />
        <source>Saved the original as %1</source>
        <translation>Original gespeichert als %1</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_controller.py" line="265" />
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_controller.py" line="282" />
        <source>Removing…</source>
        <translation>Wird entfernt…</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_controller.py" line="290" />
        <source>Put back “%1”</source>
        <translation>„%1“ wiederhergestellt</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_controller.py" line="293" />
        <source>It is already in the wallet again</source>
        <translation>Es ist bereits wieder in der Sammlung</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_controller.py" line="296" />
        <source>Putting it back…</source>
        <translation>Wird wiederhergestellt…</translation>
    </message>
</context>
<context>
    <name>DetailsView</name>
    <message>
        <location filename="../../portfolio_app/ui/details_view.py" line="55" />
        <source>Badge image</source>
        <translation>Abzeichen-Bild</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_view.py" line="56" />
        <source>Credential title</source>
        <translation>Titel des Nachweises</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_view.py" line="61" />
        <source>Verification status</source>
        <translation>Prüfstatus</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_view.py" line="63" />
        <source>Issuer standing</source>
        <translation>Stellung des Ausstellers</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_view.py" line="64" />
        <source>Last verified</source>
        <translation>Zuletzt geprüft</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_view.py" line="65" />
        <source>Verification summary</source>
        <translation>Zusammenfassung der Prüfung</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_view.py" line="74" />
        <source>Re-verify</source>
        <translation>Erneut prüfen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_view.py" line="75" />
        <source>Re-verify this credential</source>
        <translation>Diesen Nachweis erneut prüfen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_view.py" line="76" />
        <source>Check online</source>
        <translation>Online prüfen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_view.py" line="78" />
        <source>Check this credential online (fetches what is missing)</source>
        <translation>Diesen Nachweis online prüfen (lädt Fehlendes)</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_view.py" line="80" />
        <source>Save original…</source>
        <translation>Original speichern…</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_view.py" line="81" />
        <source>Save the original file</source>
        <translation>Die Originaldatei speichern</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_view.py" line="82" />
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_view.py" line="83" />
        <source>Remove from the wallet (can be undone)</source>
        <translation>Aus der Sammlung entfernen (rückgängig machbar)</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_view.py" line="96" />
        <source>Verification checks</source>
        <translation>Prüfschritte</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_view.py" line="106" />
        <source>Checks</source>
        <translation>Prüfungen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_view.py" line="111" />
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_view.py" line="114" />
        <source>What the credential says</source>
        <translation>Was der Nachweis angibt</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_view.py" line="120" />
        <source>What you added (learner-entered, not checked)</source>
        <translation>Was Sie ergänzt haben (eigene Angaben, nicht geprüft)</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_view.py" line="124" />
        <source>Originals of this credential</source>
        <translation>Originale dieses Nachweises</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_view.py" line="126" />
        <source>Originals</source>
        <translation>Originale</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/details_view.py" line="143" />
        <source>Choose a credential to see its details and every check.</source>
        <translation>Wählen Sie einen Nachweis, um seine Angaben und jede Prüfung zu sehen.</translation>
    </message>
</context>
<context>
    <name>ImportController</name>
    <message>
        <location filename="../../portfolio_app/ui/import_controller.py" line="148" />
        <source>An import is already running</source>
        <extracomment>Pasted text larger than this is refused before anything is written (the import's own cap applies after). The import finished (the report); the wallet should reload. True while an import runs (the window disables its import actions). One line for the status bar. A task failed (the exception), for the window's error reporting.</extracomment>
        <translation>Ein Import läuft bereits</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/import_controller.py" line="152" />
        <source>Importing…</source>
        <translation>Import läuft…</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/import_controller.py" line="152" />
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/import_controller.py" line="153" />
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/import_controller.py" line="154" />
        <source>Import progress</source>
        <translation>Fortschritt des Imports</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/import_controller.py" line="174" />
        <source>Importing %1 (%2 of %3)</source>
        <translation>Importiere %1 (%2 von %3)</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/import_controller.py" line="203" />
        <source>%1 imported, %2 already held, %3 refused</source>
        <translation>%1 importiert, %2 bereits vorhanden, %3 abgelehnt</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/import_controller.py" line="209" />
        <source> (cancelled)</source>
        <translation> (abgebrochen)</translation>
    </message>
</context>
<context>
    <name>ImportSummaryView</name>
    <message>
        <location filename="../../portfolio_app/ui/import_view.py" line="23" />
        <source>Import finished</source>
        <translation>Import abgeschlossen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/import_view.py" line="28" />
        <source>Import result</source>
        <translation>Ergebnis des Imports</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/import_view.py" line="29" />
        <source>Not imported, and why:</source>
        <translation>Nicht importiert, und warum:</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/import_view.py" line="32" />
        <source>Files not imported, with the reason</source>
        <translation>Nicht importierte Dateien, mit Begründung</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/import_view.py" line="35" />
        <source>Already in your wallet:</source>
        <translation>Bereits in Ihrer Sammlung:</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/import_view.py" line="37" />
        <source>Files already in the wallet</source>
        <translation>Dateien, die bereits in der Sammlung sind</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="89" />
        <location filename="../../portfolio_app/ui/main_window.py" line="236" />
        <source>Learner Portfolio</source>
        <translation>Lernportfolio</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="102" />
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="120" />
        <location filename="../../portfolio_app/ui/main_window.py" line="209" />
        <source>Wallet</source>
        <translation>Sammlung</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="125" />
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="126" />
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="127" />
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="128" />
        <source>&amp;Tools</source>
        <translation>&amp;Werkzeuge</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="129" />
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="136" />
        <source>Import files…</source>
        <translation>Dateien importieren…</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="139" />
        <source>Import folder…</source>
        <translation>Ordner importieren…</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="142" />
        <source>Paste a credential</source>
        <translation>Nachweis einfügen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="145" />
        <source>Import a credential's JSON or JWT from the clipboard</source>
        <translation>Das JSON oder JWT eines Nachweises aus der Zwischenablage importieren</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="148" />
        <source>Check a portfolio…</source>
        <translation>Ein Portfolio prüfen…</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="152" />
        <source>Check a received portfolio PDF: its signature, the learner's statement and every credential inside</source>
        <translation>Ein erhaltenes Portfolio-PDF prüfen: seine Signatur, die Erklärung der lernenden Person und jeden enthaltenen Nachweis</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="156" />
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="165" />
        <source>Undo remove</source>
        <translation>Entfernen rückgängig machen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="169" />
        <source>Re-verify</source>
        <translation>Erneut prüfen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="174" />
        <source>Check online</source>
        <translation>Online prüfen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="177" />
        <source>Save original…</source>
        <translation>Original speichern…</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="180" />
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="198" />
        <source>Search the wallet</source>
        <translation>Sammlung durchsuchen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="201" />
        <source>Show as grid</source>
        <translation>Als Raster zeigen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="204" />
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="215" />
        <source>Keys: checking…</source>
        <translation>Schlüssel: wird geprüft…</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="216" />
        <source>How your keys are protected</source>
        <translation>Wie Ihre Schlüssel geschützt sind</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="217" />
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="218" />
        <source>Undo the removal</source>
        <translation>Das Entfernen rückgängig machen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="223" />
        <source>Profile: %1</source>
        <translation>Profil: %1</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="231" />
        <source>Reading the wallet</source>
        <translation>Sammlung wird gelesen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="240" />
        <source>Import failed</source>
        <translation>Import fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="363" />
        <source>Removed “%1”. Undo with Ctrl+Z.</source>
        <translation>„%1“ entfernt. Rückgängig mit Strg+Z.</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="380" />
        <source>Import credentials</source>
        <translation>Nachweise importieren</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="387" />
        <source>Import every credential in a folder</source>
        <translation>Alle Nachweise eines Ordners importieren</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="423" />
        <location filename="../../portfolio_app/ui/main_window.py" line="451" />
        <location filename="../../portfolio_app/ui/main_window.py" line="460" />
        <source>Check a portfolio</source>
        <translation>Ein Portfolio prüfen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="425" />
        <source>Portfolio PDF (*.pdf);;All files (*)</source>
        <translation>Portfolio-PDF (*.pdf);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="433" />
        <source>Checking %1…</source>
        <translation>Prüfe %1…</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="450" />
        <source>The portfolio could not be checked</source>
        <translation>Das Portfolio konnte nicht geprüft werden</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="481" />
        <source>Keys: status unknown</source>
        <translation>Schlüssel: Zustand unbekannt</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="486" />
        <source>No identity yet; keys would be protected by: %1</source>
        <translation>Noch keine Identität; Schlüssel würden geschützt durch: %1</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="488" />
        <source>Keys: %1 (secure)</source>
        <translation>Schlüssel: %1 (sicher)</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="490" />
        <source>Keys: %1 (NOT secure)</source>
        <translation>Schlüssel: %1 (NICHT sicher)</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="492" />
        <source>Keys: %1 (locked)</source>
        <translation>Schlüssel: %1 (gesperrt)</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/main_window.py" line="509" />
        <source>Something unexpected went wrong (%1).</source>
        <translation>Etwas Unerwartetes ist schiefgegangen (%1).</translation>
    </message>
</context>
<context>
    <name>Wallet</name>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="27" />
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="28" />
        <source>Issuer</source>
        <translation>Aussteller</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="29" />
        <source>Issued</source>
        <translation>Ausgestellt</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="30" />
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="31" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="33" />
        <source>verified</source>
        <translation>geprüft</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="34" />
        <source>tampered</source>
        <translation>verändert</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="35" />
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="36" />
        <source>revoked</source>
        <translation>widerrufen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="37" />
        <source>unverifiable</source>
        <translation>nicht prüfbar</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="38" />
        <source>self-reported</source>
        <translation>selbst angegeben</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="39" />
        <source>malformed</source>
        <translation>fehlerhaft</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="40" />
        <source>unsupported</source>
        <translation>nicht unterstützt</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="41" />
        <source>not yet valid</source>
        <translation>noch nicht gültig</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="42" />
        <source>not checked</source>
        <translation>nicht geprüft</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="44" />
        <source>The issuer's signature checks out and ties to the issuer.</source>
        <translation>Die Signatur des Ausstellers stimmt und gehört zum Aussteller.</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="45" />
        <source>The credential was changed after it was issued, or the key is wrong.</source>
        <translation>Der Nachweis wurde nach der Ausstellung verändert, oder der Schlüssel ist falsch.</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="48" />
        <source>The credential is past its expiry date.</source>
        <translation>Der Nachweis ist abgelaufen.</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="49" />
        <source>The issuer has revoked this credential.</source>
        <translation>Der Aussteller hat diesen Nachweis widerrufen.</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="50" />
        <source>Something needed to check it is missing; see the details.</source>
        <translation>Zur Prüfung fehlt etwas; siehe die Einzelheiten.</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="51" />
        <source>Nothing cryptographic backs it (a PDF certificate).</source>
        <translation>Nichts Kryptografisches belegt ihn (ein PDF-Zertifikat).</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="52" />
        <source>The credential cannot be read as its format requires.</source>
        <translation>Der Nachweis lässt sich nicht so lesen, wie sein Format es verlangt.</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="53" />
        <source>This kind of credential is kept but not verified by this app.</source>
        <translation>Diese Art Nachweis wird aufbewahrt, aber von dieser App nicht geprüft.</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="54" />
        <source>The credential is not valid yet.</source>
        <translation>Der Nachweis ist noch nicht gültig.</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="55" />
        <source>Not checked yet.</source>
        <translation>Noch nicht geprüft.</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="56" />
        <source>recognised issuer</source>
        <translation>anerkannter Aussteller</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="57" />
        <source>self-described issuer</source>
        <translation>selbstbenannter Aussteller</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="59" />
        <source>passed</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="60" />
        <source>failed</source>
        <translation>nicht bestanden</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="62" />
        <source>Issuer id</source>
        <translation>Aussteller-Kennung</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="63" />
        <source>Valid from</source>
        <translation>Gültig ab</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="64" />
        <source>Valid until</source>
        <translation>Gültig bis</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="65" />
        <source>Recipient</source>
        <translation>Empfänger</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="66" />
        <source>Credential id</source>
        <translation>Nachweis-Kennung</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="67" />
        <source>Achievement id</source>
        <translation>Leistungs-Kennung</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="68" />
        <source>Verify at</source>
        <translation>Prüfen unter</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="69" />
        <source>Original file</source>
        <translation>Originaldatei</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="70" />
        <source>Imported</source>
        <translation>Importiert</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="71" />
        <source>Issuer name</source>
        <translation>Name des Ausstellers</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="72" />
        <source>Achievement name</source>
        <translation>Name der Leistung</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="73" />
        <source>Credits</source>
        <translation>Leistungspunkte</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="74" />
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="76" />
        <source>Add the email address this badge was issued to (Settings → emails), then re-verify.</source>
        <translation>Fügen Sie die E-Mail-Adresse hinzu, auf die dieses Abzeichen ausgestellt wurde (Einstellungen → E-Mail-Adressen), und prüfen Sie dann erneut.</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="80" />
        <source>Import your career centre's or issuer's trust bundle (Tools → trust bundles), or check online if you allow the network.</source>
        <translation>Importieren Sie das Vertrauenspaket Ihres Career Centers oder des Ausstellers (Werkzeuge → Vertrauenspakete), oder prüfen Sie online, wenn Sie das Netz erlauben.</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="85" />
        <source>Import a trust bundle holding the issuer's profile, or check online.</source>
        <translation>Importieren Sie ein Vertrauenspaket mit dem Profil des Ausstellers, oder prüfen Sie online.</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="88" />
        <source>Check online (the issuer's hosted copy is needed), or import a trust bundle that holds it.</source>
        <translation>Prüfen Sie online (die beim Aussteller hinterlegte Kopie wird gebraucht), oder importieren Sie ein Vertrauenspaket, das sie enthält.</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="93" />
        <source>Check online to see whether the issuer has revoked it, or import a trust bundle with the issuer's status list.</source>
        <translation>Prüfen Sie online, ob der Aussteller ihn widerrufen hat, oder importieren Sie ein Vertrauenspaket mit der Statusliste des Ausstellers.</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="98" />
        <source>Check online to see whether the issuer has revoked it.</source>
        <translation>Prüfen Sie online, ob der Aussteller ihn widerrufen hat.</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="99" />
        <source>Import a registry of recognised issuers (a trust bundle from your career centre) to see whether this issuer is recognised.</source>
        <translation>Importieren Sie ein Register anerkannter Aussteller (ein Vertrauenspaket Ihres Career Centers), um zu sehen, ob dieser Aussteller anerkannt ist.</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="104" />
        <source>Import the EU trust list in a trust bundle, or check online.</source>
        <translation>Importieren Sie die EU-Vertrauensliste in einem Vertrauenspaket, oder prüfen Sie online.</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="105" />
        <source>Check online to fetch the issuer's key, or import a trust bundle that holds it.</source>
        <translation>Prüfen Sie online, um den Schlüssel des Ausstellers zu laden, oder importieren Sie ein Vertrauenspaket, das ihn enthält.</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="108" />
        <source>Import a trust bundle that holds what is missing, or check online.</source>
        <translation>Importieren Sie ein Vertrauenspaket mit dem Fehlenden, oder prüfen Sie online.</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_strings.py" line="112" />
        <source>Credentials (*.png *.svg *.json *.jsonld *.jwt *.jws *.pdf *.xml);;All files (*)</source>
        <translation>Nachweise (*.png *.svg *.json *.jsonld *.jwt *.jws *.pdf *.xml);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>WalletController</name>
    <message>
        <location filename="../../portfolio_app/ui/wallet_controller.py" line="159" />
        <source>1 credential</source>
        <extracomment>Typing pauses this long before the wallet is filtered: one filter per burst of keys. The chosen credential's id, or -1 when nothing is chosen. Enter or double-click on a credential: open its details. Rows arrived from the store (how many). A read failed (the exception), for the window's error reporting.</extracomment>
        <translation>1 Nachweis</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_controller.py" line="161" />
        <source>%1 credentials</source>
        <translation>%1 Nachweise</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_controller.py" line="165" />
        <source>%1 of %2 credentials</source>
        <translation>%1 von %2 Nachweisen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_controller.py" line="183" />
        <source>Any status</source>
        <translation>Jeder Status</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_controller.py" line="184" />
        <source>Any issuer</source>
        <translation>Jeder Aussteller</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_controller.py" line="185" />
        <source>Any format</source>
        <translation>Jedes Format</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_controller.py" line="186" />
        <source>Any skill</source>
        <translation>Jede Kompetenz</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_controller.py" line="187" />
        <source>Any tag</source>
        <translation>Jedes Schlagwort</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_controller.py" line="247" />
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_controller.py" line="247" />
        <source>Grid</source>
        <translation>Raster</translation>
    </message>
</context>
<context>
    <name>WalletView</name>
    <message>
        <location filename="../../portfolio_app/ui/wallet_view.py" line="83" />
        <source>Search title, issuer, skill, tag…</source>
        <extracomment>``id -&gt; QIcon | None`` (the controller's picture loader); None shows no pictures.</extracomment>
        <translation>Titel, Aussteller, Kompetenz, Schlagwort suchen…</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_view.py" line="84" />
        <source>Search the wallet</source>
        <translation>Sammlung durchsuchen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_view.py" line="88" />
        <source>Filter by status</source>
        <translation>Nach Status filtern</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_view.py" line="89" />
        <source>Filter by issuer</source>
        <translation>Nach Aussteller filtern</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_view.py" line="90" />
        <source>Filter by format</source>
        <translation>Nach Format filtern</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_view.py" line="91" />
        <source>Filter by skill</source>
        <translation>Nach Kompetenz filtern</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_view.py" line="92" />
        <source>Filter by tag</source>
        <translation>Nach Schlagwort filtern</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_view.py" line="93" />
        <source>Expiring soon</source>
        <translation>Läuft bald ab</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_view.py" line="94" />
        <source>Only credentials expiring within 90 days</source>
        <translation>Nur Nachweise, die innerhalb von 90 Tagen ablaufen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_view.py" line="97" />
        <source>Grid</source>
        <translation>Raster</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_view.py" line="98" />
        <source>Show as a grid of badges</source>
        <translation>Als Raster von Abzeichen zeigen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_view.py" line="99" />
        <source>Switch between the table and a grid of badges</source>
        <translation>Zwischen Tabelle und Abzeichen-Raster wechseln</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_view.py" line="101" />
        <source>Number of credentials shown</source>
        <translation>Anzahl der gezeigten Nachweise</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_view.py" line="118" />
        <source>Credentials</source>
        <translation>Nachweise</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_view.py" line="137" />
        <source>Credentials as badges</source>
        <translation>Nachweise als Abzeichen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_view.py" line="160" />
        <location filename="../../portfolio_app/ui/wallet_view.py" line="161" />
        <source>Add sample credentials</source>
        <translation>Beispiel-Nachweise hinzufügen</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_view.py" line="162" />
        <source>Import files…</source>
        <translation>Dateien importieren…</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_view.py" line="163" />
        <source>Import files</source>
        <translation>Dateien importieren</translation>
    </message>
    <message>
        <location filename="../../portfolio_app/ui/wallet_view.py" line="169" />
        <source>&lt;h2&gt;Your wallet is empty&lt;/h2&gt;&lt;p&gt;Import badges and certificates you have earned (PNG or SVG badges, JSON, JWT, PDF certificates): drop files or folders here, paste with Ctrl+V, or choose files.&lt;/p&gt;&lt;p&gt;Not sure where to start? Add a few real public sample credentials to see how verification works.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Ihre Sammlung ist leer&lt;/h2&gt;&lt;p&gt;Importieren Sie Abzeichen und Zertifikate, die Sie erworben haben (PNG- oder SVG-Abzeichen, JSON, JWT, PDF-Zertifikate): ziehen Sie Dateien oder Ordner hierher, fügen Sie mit Strg+V ein, oder wählen Sie Dateien.&lt;/p&gt;&lt;p&gt;Sie wissen nicht, wo Sie anfangen sollen? Fügen Sie einige echte, öffentliche Beispiel-Nachweise hinzu, um zu sehen, wie die Prüfung funktioniert.&lt;/p&gt;</translation>
    </message>
</context>
</TS>

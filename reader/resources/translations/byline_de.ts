<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>AccountController</name>
    <message>
        <source>Remove, keep its articles</source>
        <translation>Entfernen, seine Artikel behalten</translation>
    </message>
    <message>
        <source>Remove with its articles (saved ones stay)</source>
        <translation>Mit seinen Artikeln entfernen (gemerkte bleiben)</translation>
    </message>
    <message>
        <source>sending changes</source>
        <translation>Änderungen senden</translation>
    </message>
    <message>
        <source>subscriptions</source>
        <translation>Abonnements</translation>
    </message>
    <message>
        <source>item lists</source>
        <translation>Artikellisten</translation>
    </message>
    <message>
        <source>articles</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>read marks</source>
        <translation>Lesemarkierungen</translation>
    </message>
    <message>
        <source>No account was due for a sync.</source>
        <translation>Kein Konto war zum Synchronisieren fällig.</translation>
    </message>
    <message>
        <source>Sync of %1 failed: %2</source>
        <translation>Synchronisieren von %1 fehlgeschlagen: %2</translation>
    </message>
    <message numerus="yes">
        <source>(and %Ln more)</source>
        <translation>
            <numerusform>(und %Ln weiteres)</numerusform>
            <numerusform>(und %Ln weitere)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2, %3, %4.</source>
        <translation>%1: %2, %3, %4.</translation>
    </message>
    <message numerus="yes">
        <source>Synced %Ln account(s)</source>
        <translation>
            <numerusform>%Ln Konto synchronisiert</numerusform>
            <numerusform>%Ln Konten synchronisiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln new article(s)</source>
        <translation>
            <numerusform>%Ln neuer Artikel</numerusform>
            <numerusform>%Ln neue Artikel</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln change(s) sent</source>
        <translation>
            <numerusform>%Ln Änderung gesendet</numerusform>
            <numerusform>%Ln Änderungen gesendet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln received</source>
        <translation>
            <numerusform>%Ln empfangen</numerusform>
            <numerusform>%Ln empfangen</numerusform>
        </translation>
    </message>
    <message>
        <source>The server at %1 accepted the login.</source>
        <translation>Der Server unter %1 hat die Anmeldung angenommen.</translation>
    </message>
    <message>
        <source>Adding the account at %1…</source>
        <translation>Füge das Konto unter %1 hinzu…</translation>
    </message>
    <message>
        <source>Added %1, but its first sync failed: %2</source>
        <translation>%1 hinzugefügt, aber das erste Synchronisieren ist fehlgeschlagen: %2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln article(s)</source>
        <translation>
            <numerusform>%Ln Artikel</numerusform>
            <numerusform>%Ln Artikel</numerusform>
        </translation>
    </message>
    <message>
        <source>Added the account %1: %2.</source>
        <translation>Konto %1 hinzugefügt: %2.</translation>
    </message>
    <message>
        <source>Added the account %1.</source>
        <translation>Konto %1 hinzugefügt.</translation>
    </message>
    <message>
        <source>Could not add the account: %1</source>
        <translation>Das Konto konnte nicht hinzugefügt werden: %1</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Synchronisiere…</translation>
    </message>
    <message>
        <source>Sync failed: %1</source>
        <translation>Synchronisieren fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>account %1</source>
        <translation>Konto %1</translation>
    </message>
    <message>
        <source>Syncing %1: %2 %3/%4…</source>
        <translation>Synchronisiere %1: %2 %3/%4…</translation>
    </message>
    <message>
        <source>Syncing %1: %2…</source>
        <translation>Synchronisiere %1: %2…</translation>
    </message>
    <message>
        <source>Remove the account “%1”?</source>
        <translation>Das Konto „%1“ entfernen?</translation>
    </message>
    <message>
        <source>Remove Account</source>
        <translation>Konto entfernen</translation>
    </message>
    <message numerus="yes">
        <source>%Ln of its articles</source>
        <translation>
            <numerusform>%Ln seiner Artikel</numerusform>
            <numerusform>%Ln seiner Artikel</numerusform>
        </translation>
    </message>
    <message>
        <source>Removed %1; %2 kept.</source>
        <translation>%1 entfernt; %2 behalten.</translation>
    </message>
    <message>
        <source>Sync Now</source>
        <translation>Jetzt synchronisieren</translation>
    </message>
    <message>
        <source>Remove Account…</source>
        <translation>Konto entfernen…</translation>
    </message>
</context>
<context>
    <name>Actions</name>
    <message>
        <source>&amp;Add Feed…</source>
        <translation>Feed &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>Add Acc&amp;ount…</source>
        <translation>&amp;Konto hinzufügen…</translation>
    </message>
    <message>
        <source>Sync with a feed server (Miniflux, FreshRSS, Inoreader…)</source>
        <translation>Mit einem Feed-Server synchronisieren (Miniflux, FreshRSS, Inoreader…)</translation>
    </message>
    <message>
        <source>New &amp;Folder…</source>
        <translation>Neuer &amp;Ordner…</translation>
    </message>
    <message>
        <source>&amp;Import OPML…</source>
        <translation>OPML &amp;importieren…</translation>
    </message>
    <message>
        <source>&amp;Export OPML…</source>
        <translation>OPML e&amp;xportieren…</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Unread &amp;Only</source>
        <translation>Nur &amp;ungelesene</translation>
    </message>
    <message>
        <source>Show only unread articles</source>
        <translation>Nur ungelesene Artikel zeigen</translation>
    </message>
    <message>
        <source>Show Full &amp;Copy</source>
        <translation>Vollständige &amp;Kopie zeigen</translation>
    </message>
    <message>
        <source>Switch between the feed's text and the full story or saved page</source>
        <translation>Zwischen dem Text des Feeds und dem vollständigen Artikel oder der gespeicherten Seite wechseln</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <source>Colours as the desktop has them</source>
        <translation>Farben wie auf dem Desktop</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <source>Light colours whatever the desktop says</source>
        <translation>Helle Farben, was auch immer der Desktop sagt</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
    <message>
        <source>Dark colours whatever the desktop says</source>
        <translation>Dunkle Farben, was auch immer der Desktop sagt</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Verklei&amp;nern</translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation>&amp;Originalgröße</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>Search every cached article</source>
        <translation>Alle gespeicherten Artikel durchsuchen</translation>
    </message>
    <message>
        <source>Save This Searc&amp;h…</source>
        <translation>Suche s&amp;peichern…</translation>
    </message>
    <message>
        <source>Keep this search in the tree as a smart feed</source>
        <translation>Diese Suche als smarten Feed im Baum behalten</translation>
    </message>
    <message>
        <source>Back to &amp;List</source>
        <translation>Zurück zur &amp;Liste</translation>
    </message>
    <message>
        <source>Leave the search results (elsewhere: Back)</source>
        <translation>Die Suchergebnisse verlassen (sonst: Zurück)</translation>
    </message>
    <message>
        <source>&amp;Next Article</source>
        <translation>&amp;Nächster Artikel</translation>
    </message>
    <message>
        <source>&amp;Previous Article</source>
        <translation>V&amp;orheriger Artikel</translation>
    </message>
    <message>
        <source>Next &amp;Unread</source>
        <translation>Nächster &amp;ungelesener</translation>
    </message>
    <message>
        <source>Page Down or Next Unread</source>
        <translation>Seite weiter oder nächster ungelesener</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Zurück</translation>
    </message>
    <message>
        <source>The article shown before this one</source>
        <translation>Der Artikel, der vor diesem gezeigt wurde</translation>
    </message>
    <message>
        <source>&amp;Forward</source>
        <translation>&amp;Vorwärts</translation>
    </message>
    <message>
        <source>The article Back left</source>
        <translation>Der Artikel, den „Zurück“ verlassen hat</translation>
    </message>
    <message>
        <source>Toggle &amp;Read</source>
        <translation>&amp;Gelesen umschalten</translation>
    </message>
    <message>
        <source>Mark the article read or unread</source>
        <translation>Den Artikel als gelesen oder ungelesen markieren</translation>
    </message>
    <message>
        <source>&amp;Save (Star)</source>
        <translation>&amp;Merken (Stern)</translation>
    </message>
    <message>
        <source>Save the article with an offline copy, or unsave it</source>
        <translation>Den Artikel mit einer Offline-Kopie merken oder nicht mehr merken</translation>
    </message>
    <message>
        <source>&amp;Keep Images</source>
        <translation>B&amp;ilder behalten</translation>
    </message>
    <message>
        <source>Download this article's images into the library to read it offline</source>
        <translation>Die Bilder dieses Artikels in die Bibliothek laden, um ihn offline zu lesen</translation>
    </message>
    <message>
        <source>Mark &amp;All Read</source>
        <translation>&amp;Alle als gelesen markieren</translation>
    </message>
    <message>
        <source>Mark every article in the list read</source>
        <translation>Jeden Artikel der Liste als gelesen markieren</translation>
    </message>
    <message>
        <source>&amp;Mute Articles Like This…</source>
        <translation>Ähnliche Artikel &amp;stummschalten…</translation>
    </message>
    <message>
        <source>Make a rule that marks articles like this one read as they arrive</source>
        <translation>Eine Regel anlegen, die Artikel wie diesen beim Eintreffen als gelesen markiert</translation>
    </message>
    <message>
        <source>&amp;Open in Browser</source>
        <translation>Im &amp;Browser öffnen</translation>
    </message>
    <message>
        <source>Open the original story in the browser</source>
        <translation>Den Originalartikel im Browser öffnen</translation>
    </message>
    <message>
        <source>&amp;Refresh All</source>
        <translation>&amp;Alle aktualisieren</translation>
    </message>
    <message>
        <source>Check every feed for new articles</source>
        <translation>Alle Feeds auf neue Artikel prüfen</translation>
    </message>
    <message>
        <source>Refresh &amp;Feed</source>
        <translation>&amp;Feed aktualisieren</translation>
    </message>
    <message>
        <source>Check the selected feed or folder</source>
        <translation>Den gewählten Feed oder Ordner prüfen</translation>
    </message>
    <message>
        <source>S&amp;ync Accounts</source>
        <translation>Konten &amp;synchronisieren</translation>
    </message>
    <message>
        <source>Send marks to the feed servers and fetch theirs</source>
        <translation>Markierungen an die Feed-Server senden und deren Markierungen holen</translation>
    </message>
    <message>
        <source>&amp;Cancel Refresh</source>
        <translation>Aktualisierung a&amp;bbrechen</translation>
    </message>
    <message>
        <source>Re&amp;name…</source>
        <translation>&amp;Umbenennen…</translation>
    </message>
    <message>
        <source>Rename the selected feed or folder</source>
        <translation>Den gewählten Feed oder Ordner umbenennen</translation>
    </message>
    <message>
        <source>&amp;Move to Folder…</source>
        <translation>In &amp;Ordner verschieben…</translation>
    </message>
    <message>
        <source>Move the selected feed into a folder</source>
        <translation>Den gewählten Feed in einen Ordner verschieben</translation>
    </message>
    <message>
        <source>Check &amp;Every…</source>
        <translation>&amp;Prüfen alle…</translation>
    </message>
    <message>
        <source>How often the selected feed is checked</source>
        <translation>Wie oft der gewählte Feed geprüft wird</translation>
    </message>
    <message>
        <source>As in &amp;Preferences</source>
        <translation>Wie in den &amp;Einstellungen</translation>
    </message>
    <message>
        <source>Remote images as in Preferences</source>
        <translation>Externe Bilder wie in den Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Always Load</source>
        <translation>&amp;Immer laden</translation>
    </message>
    <message>
        <source>Always load this feed's remote images</source>
        <translation>Die externen Bilder dieses Feeds immer laden</translation>
    </message>
    <message>
        <source>&amp;Never Load</source>
        <translation>&amp;Nie laden</translation>
    </message>
    <message>
        <source>Never load this feed's remote images</source>
        <translation>Die externen Bilder dieses Feeds nie laden</translation>
    </message>
    <message>
        <source>&amp;Unsubscribe…</source>
        <translation>Abbes&amp;tellen…</translation>
    </message>
    <message>
        <source>Unsubscribe from the selected feed (saved articles stay)</source>
        <translation>Den gewählten Feed abbestellen (gemerkte Artikel bleiben)</translation>
    </message>
    <message>
        <source>R&amp;ules…</source>
        <translation>&amp;Regeln…</translation>
    </message>
    <message>
        <source>Rules that mute, save, hide or announce new articles</source>
        <translation>Regeln, die neue Artikel stummschalten, merken, verbergen oder melden</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>Every command and its keys</source>
        <translation>Jeder Befehl und seine Tasten</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Farbschema</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <source>&amp;Article</source>
        <translation>A&amp;rtikel</translation>
    </message>
    <message>
        <source>&amp;Feeds</source>
        <translation>&amp;Feeds</translation>
    </message>
    <message>
        <source>Remote &amp;Images</source>
        <translation>E&amp;xterne Bilder</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Werkzeugleiste</translation>
    </message>
</context>
<context>
    <name>AddAccountDialog</name>
    <message>
        <source>Add Account</source>
        <translation>Konto hinzufügen</translation>
    </message>
    <message>
        <source>https://rss.example.org</source>
        <translation>https://rss.example.org</translation>
    </message>
    <message>
        <source>the API password set in the server's settings</source>
        <translation>das API-Passwort aus den Einstellungen des Servers</translation>
    </message>
    <message>
        <source>shown in the feed list (default: the server's host)</source>
        <translation>in der Feed-Liste gezeigt (Standard: der Host des Servers)</translation>
    </message>
    <message>
        <source>A feed server that speaks the Google Reader API: Miniflux, FreshRSS, Inoreader, TheOldReader, BazQux. Its feeds appear under the account's name.</source>
        <translation>Ein Feed-Server, der die Google-Reader-API spricht: Miniflux, FreshRSS, Inoreader, TheOldReader, BazQux. Seine Feeds erscheinen unter dem Namen des Kontos.</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>API &amp;password:</source>
        <translation>API-&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>API password</source>
        <translation>API-Passwort</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Test result</source>
        <translation>Testergebnis</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>&amp;Testen</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Teste…</translation>
    </message>
</context>
<context>
    <name>AddFeedDialog</name>
    <message>
        <source>Add Feed</source>
        <translation>Feed hinzufügen</translation>
    </message>
    <message>
        <source>https://example.org/feed.xml or https://example.org</source>
        <translation>https://example.org/feed.xml oder https://example.org</translation>
    </message>
    <message>
        <source>Paste a feed address or a web site's address; Byline finds the site's feed.</source>
        <translation>Fügen Sie die Adresse eines Feeds oder einer Website ein; Byline findet den Feed der Website.</translation>
    </message>
    <message>
        <source>&amp;Feed:</source>
        <translation>&amp;Feed:</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse:</translation>
    </message>
    <message>
        <source>F&amp;older:</source>
        <translation>&amp;Ordner:</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Feed</source>
        <translation>Feed</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Folder path, for example News/World; empty for the top level</source>
        <translation>Ordnerpfad, zum Beispiel Nachrichten/Welt; leer für die oberste Ebene</translation>
    </message>
    <message>
        <source>Top level</source>
        <translation>Oberste Ebene</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Find Feeds</source>
        <translation>Feeds suchen</translation>
    </message>
    <message>
        <source>Looking for feeds on %1…</source>
        <translation>Suche Feeds auf %1…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln feed(s) found; pick one.</source>
        <translation>
            <numerusform>%Ln Feed gefunden; bitte wählen.</numerusform>
            <numerusform>%Ln Feeds gefunden; bitte einen wählen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Adding…</source>
        <translation>Füge hinzu…</translation>
    </message>
    <message>
        <source>Could not add this feed: %1</source>
        <translation>Dieser Feed konnte nicht hinzugefügt werden: %1</translation>
    </message>
</context>
<context>
    <name>ArticleController</name>
    <message>
        <source>Nothing in your library yet — search the web?</source>
        <translation>Noch nichts in Ihrer Bibliothek – im Web suchen?</translation>
    </message>
    <message>
        <source>No article in your library is called or mentions “%1”.</source>
        <translation>Kein Artikel in Ihrer Bibliothek heißt „%1“ oder erwähnt es.</translation>
    </message>
    <message>
        <source>Search the web for “%1”</source>
        <translation>Im Web nach „%1“ suchen</translation>
    </message>
    <message>
        <source>This article shows no images to keep.</source>
        <translation>Dieser Artikel zeigt keine Bilder, die sich behalten ließen.</translation>
    </message>
    <message numerus="yes">
        <source>Kept %Ln image(s) for reading offline</source>
        <translation>
            <numerusform>%Ln Bild zum Offline-Lesen behalten</numerusform>
            <numerusform>%Ln Bilder zum Offline-Lesen behalten</numerusform>
        </translation>
    </message>
    <message>
        <source>%1.</source>
        <translation>%1.</translation>
    </message>
    <message>
        <source>unknown reason</source>
        <translation>unbekannter Grund</translation>
    </message>
    <message>
        <source>%1; %2 (%3).</source>
        <translation>%1; %2 (%3).</translation>
    </message>
    <message numerus="yes">
        <source>%Ln refused</source>
        <translation>
            <numerusform>%Ln abgelehnt</numerusform>
            <numerusform>%Ln abgelehnt</numerusform>
        </translation>
    </message>
    <message>
        <source>it was never fetched</source>
        <translation>sie wurde nie abgerufen</translation>
    </message>
    <message>
        <source>only saved articles keep one, and this one is not saved</source>
        <translation>nur gemerkte Artikel behalten eine, und dieser ist nicht gemerkt</translation>
    </message>
    <message>
        <source>No full copy of this article: %1.</source>
        <translation>Keine vollständige Kopie dieses Artikels: %1.</translation>
    </message>
    <message>
        <source>No full copy: %1</source>
        <translation>Keine vollständige Kopie: %1</translation>
    </message>
    <message>
        <source>fetch the full page now</source>
        <translation>die vollständige Seite jetzt abrufen</translation>
    </message>
    <message>
        <source>Fetching the full page…</source>
        <translation>Rufe die vollständige Seite ab…</translation>
    </message>
    <message>
        <source>The full page could not be kept: %1</source>
        <translation>Die vollständige Seite konnte nicht behalten werden: %1</translation>
    </message>
    <message>
        <source>Showing the full saved page.</source>
        <translation>Die vollständige gespeicherte Seite wird gezeigt.</translation>
    </message>
    <message>
        <source>This article has no web address to open.</source>
        <translation>Dieser Artikel hat keine Webadresse, die sich öffnen ließe.</translation>
    </message>
    <message>
        <source>No web browser could be opened; the address is copied: %1</source>
        <translation>Kein Webbrowser ließ sich öffnen; die Adresse ist kopiert: %1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Gemerkt.</translation>
    </message>
    <message>
        <source>Removed from Saved.</source>
        <translation>Aus „Gemerkt“ entfernt.</translation>
    </message>
    <message>
        <source>Saved; the full page was not kept: %1</source>
        <translation>Gemerkt; die vollständige Seite wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Saved with a full offline copy.</source>
        <translation>Gemerkt, mit einer vollständigen Offline-Kopie.</translation>
    </message>
    <message>
        <source>Keeping this article's images…</source>
        <translation>Behalte die Bilder dieses Artikels…</translation>
    </message>
    <message>
        <source>That article is no longer in your library.</source>
        <translation>Dieser Artikel ist nicht mehr in Ihrer Bibliothek.</translation>
    </message>
    <message>
        <source>That link cannot be opened (only web and mail links are followed).</source>
        <translation>Dieser Link kann nicht geöffnet werden (nur Web- und E-Mail-Links werden verfolgt).</translation>
    </message>
    <message>
        <source>Downloading %1…</source>
        <translation>Lade %1 herunter…</translation>
    </message>
    <message>
        <source>0 bytes</source>
        <translation>0 Byte</translation>
    </message>
    <message>
        <source>Saved %1 (%2) to %3.</source>
        <translation>%1 (%2) nach %3 gespeichert.</translation>
    </message>
    <message>
        <source>Could not download %1: %2</source>
        <translation>%1 konnte nicht heruntergeladen werden: %2</translation>
    </message>
    <message>
        <source>Nothing in your library yet for “%1”.</source>
        <translation>Noch nichts in Ihrer Bibliothek zu „%1“.</translation>
    </message>
</context>
<context>
    <name>ArticleList</name>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Feed</source>
        <translation>Feed</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>read</source>
        <translation>gelesen</translation>
    </message>
    <message>
        <source>unread</source>
        <translation>ungelesen</translation>
    </message>
    <message>
        <source>saved</source>
        <translation>gemerkt</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Gemerkt</translation>
    </message>
    <message>
        <source>(untitled)</source>
        <translation>(ohne Titel)</translation>
    </message>
    <message>
        <source>not saved</source>
        <translation>nicht gemerkt</translation>
    </message>
</context>
<context>
    <name>ArticlePane</name>
    <message>
        <source>Related story</source>
        <translation>Verwandter Artikel</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Link</translation>
    </message>
    <message>
        <source>Showing the feed's text: the full story could not be fetched (%1)</source>
        <translation>Der Text des Feeds wird gezeigt: der vollständige Artikel konnte nicht abgerufen werden (%1)</translation>
    </message>
    <message>
        <source>Showing the full saved page · &lt;a href='byline:feedtext'&gt;show the feed's text&lt;/a&gt;</source>
        <translation>Die vollständige gespeicherte Seite wird gezeigt · &lt;a href='byline:feedtext'&gt;Text des Feeds zeigen&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Showing the feed's text · &lt;a href='byline:fullcopy'&gt;show the full saved page&lt;/a&gt;</source>
        <translation>Der Text des Feeds wird gezeigt · &lt;a href='byline:fullcopy'&gt;vollständige gespeicherte Seite zeigen&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Showing the full story · &lt;a href='byline:feedtext'&gt;show the feed's text&lt;/a&gt;</source>
        <translation>Der vollständige Artikel wird gezeigt · &lt;a href='byline:feedtext'&gt;Text des Feeds zeigen&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Showing the feed's text · &lt;a href='byline:fullcopy'&gt;show the full story&lt;/a&gt;</source>
        <translation>Der Text des Feeds wird gezeigt · &lt;a href='byline:fullcopy'&gt;vollständigen Artikel zeigen&lt;/a&gt;</translation>
    </message>
    <message numerus="yes">
        <source>%Ln byte(s)</source>
        <translation>
            <numerusform>%Ln Byte</numerusform>
            <numerusform>%Ln Byte</numerusform>
        </translation>
    </message>
    <message>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Download…</source>
        <translation>Herunterladen…</translation>
    </message>
    <message numerus="yes">
        <source>Attachment(s)</source>
        <translation>
            <numerusform>Anhang</numerusform>
            <numerusform>Anhänge</numerusform>
        </translation>
    </message>
    <message>
        <source>Original ↗</source>
        <translation>Original ↗</translation>
    </message>
    <message>
        <source>by %1</source>
        <translation>von %1</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Gemerkt</translation>
    </message>
    <message>
        <source>(untitled)</source>
        <translation>(ohne Titel)</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>Artikel</translation>
    </message>
    <message numerus="yes">
        <source>%Ln article(s)</source>
        <translation>
            <numerusform>%Ln Artikel</numerusform>
            <numerusform>%Ln Artikel</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln unread</source>
        <translation>
            <numerusform>%Ln ungelesen</numerusform>
            <numerusform>%Ln ungelesen</numerusform>
        </translation>
    </message>
    <message>
        <source>No articles here yet.</source>
        <translation>Hier gibt es noch keine Artikel.</translation>
    </message>
    <message>
        <source>Last check failed: %1</source>
        <translation>Letzte Prüfung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>No article selected. Pick one in the list, or press J for the first, N for the next unread.</source>
        <translation>Kein Artikel gewählt. Wählen Sie einen in der Liste, oder drücken Sie J für den ersten, N für den nächsten ungelesenen.</translation>
    </message>
</context>
<context>
    <name>BugDialog</name>
    <message>
        <source>Byline ran into a bug and could not finish what it was doing. If you report it, please include the text below.</source>
        <translation>Byline ist auf einen Programmfehler gestoßen und konnte nicht beenden, was es gerade tat. Wenn Sie ihn melden, fügen Sie bitte den Text unten bei.</translation>
    </message>
    <message>
        <source>Byline: this is a bug</source>
        <translation>Byline: Das ist ein Programmfehler</translation>
    </message>
    <message>
        <source>Error report</source>
        <translation>Fehlerbericht</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message numerus="yes">
        <source>Byline: this is a bug (%Ln errors)</source>
        <translation>
            <numerusform>Byline: Das ist ein Programmfehler (%Ln Fehler)</numerusform>
            <numerusform>Byline: Das ist ein Programmfehler (%Ln Fehler)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FeedPropertiesDialog</name>
    <message>
        <source>As in Preferences</source>
        <translation>Wie in den Einstellungen</translation>
    </message>
    <message>
        <source>Always load</source>
        <translation>Immer laden</translation>
    </message>
    <message>
        <source>Never load</source>
        <translation>Nie laden</translation>
    </message>
    <message>
        <source>%1 — Properties</source>
        <translation>%1 – Eigenschaften</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>Fetch full &amp;stories</source>
        <translation>&amp;Vollständige Artikel abrufen</translation>
    </message>
    <message>
        <source>Each new article's web page is fetched when the feed is refreshed and its story shown in place of the feed's text, which stays one click away.</source>
        <translation>Die Webseite jedes neuen Artikels wird beim Aktualisieren des Feeds abgerufen und ihr Artikel statt des Feed-Textes gezeigt; der Feed-Text bleibt einen Klick entfernt.</translation>
    </message>
    <message>
        <source> min</source>
        <translation> Min.</translation>
    </message>
    <message>
        <source>as in Preferences</source>
        <translation>wie in den Einstellungen</translation>
    </message>
    <message>
        <source>Byline’s own</source>
        <translation>Bylines eigener</translation>
    </message>
    <message>
        <source>Like a &amp;Web Browser</source>
        <translation>Wie ein &amp;Webbrowser</translation>
    </message>
    <message>
        <source>For servers that refuse programs they do not know (403 Forbidden)</source>
        <translation>Für Server, die Programme abweisen, die sie nicht kennen (403 Forbidden)</translation>
    </message>
    <message>
        <source>Feed:</source>
        <translation>Feed:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Adresse:</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Ordner:</translation>
    </message>
    <message>
        <source>(top level)</source>
        <translation>(oberste Ebene)</translation>
    </message>
    <message>
        <source>Last checked:</source>
        <translation>Zuletzt geprüft:</translation>
    </message>
    <message>
        <source>Stories:</source>
        <translation>Artikel:</translation>
    </message>
    <message>
        <source>Remote &amp;images:</source>
        <translation>Externe &amp;Bilder:</translation>
    </message>
    <message>
        <source>&amp;Check every:</source>
        <translation>&amp;Prüfen alle:</translation>
    </message>
    <message>
        <source>User agent:</source>
        <translation>User-Agent:</translation>
    </message>
    <message>
        <source>Remote images</source>
        <translation>Externe Bilder</translation>
    </message>
    <message>
        <source>Check every</source>
        <translation>Prüfen alle</translation>
    </message>
    <message>
        <source>User agent</source>
        <translation>User-Agent</translation>
    </message>
</context>
<context>
    <name>FeedTree</name>
    <message>
        <source>All Articles</source>
        <translation>Alle Artikel</translation>
    </message>
    <message>
        <source>All Unread</source>
        <translation>Alle ungelesenen</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Gemerkt</translation>
    </message>
    <message numerus="yes">
        <source>%Ln article(s)</source>
        <translation>
            <numerusform>%Ln Artikel</numerusform>
            <numerusform>%Ln Artikel</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln unread</source>
        <translation>
            <numerusform>%Ln ungelesen</numerusform>
            <numerusform>%Ln ungelesen</numerusform>
        </translation>
    </message>
    <message>
        <source>Feeds</source>
        <translation>Feeds</translation>
    </message>
    <message>
        <source>Unread</source>
        <translation>Ungelesen</translation>
    </message>
    <message>
        <source>Smart Feeds</source>
        <translation>Smarte Feeds</translation>
    </message>
    <message>
        <source>Saved searches with their unread counts (search, then View ▸ Save This Search…)</source>
        <translation>Gespeicherte Suchen mit ihrer Zahl ungelesener Artikel (suchen, dann Ansicht ▸ Suche speichern…)</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>Zuletzt synchronisiert: %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln change(s) waiting to be sent</source>
        <translation>
            <numerusform>%Ln Änderung wartet auf das Senden</numerusform>
            <numerusform>%Ln Änderungen warten auf das Senden</numerusform>
        </translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>Letzter Fehler: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>refresh failed</source>
        <translation>Aktualisierung fehlgeschlagen</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>sync account</source>
        <translation>Synchronisierungskonto</translation>
    </message>
    <message>
        <source>sync failed</source>
        <translation>Synchronisieren fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 unread</source>
        <comment>the exact figure of a count shown as 10k or 1.2M</comment>
        <translation>%1 ungelesen</translation>
    </message>
</context>
<context>
    <name>InboxController</name>
    <message>
        <source>Rule added: it acts on articles as they arrive.</source>
        <translation>Regel hinzugefügt: sie wirkt auf Artikel, wenn sie eintreffen.</translation>
    </message>
    <message>
        <source>The rule was not added: %1</source>
        <translation>Die Regel wurde nicht hinzugefügt: %1</translation>
    </message>
    <message>
        <source>Rule saved.</source>
        <translation>Regel gespeichert.</translation>
    </message>
    <message>
        <source>The rule was not saved: %1</source>
        <translation>Die Regel wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Rule removed; what it did stays done.</source>
        <translation>Regel entfernt; was sie bewirkt hat, bleibt bestehen.</translation>
    </message>
    <message>
        <source>Applying the rule to every stored article…</source>
        <translation>Die Regel wird auf jeden gespeicherten Artikel angewendet…</translation>
    </message>
    <message numerus="yes">
        <source>The rule changed %1 stored article(s).</source>
        <translation>
            <numerusform>Die Regel hat %1 gespeicherten Artikel geändert.</numerusform>
            <numerusform>Die Regel hat %1 gespeicherte Artikel geändert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Rule switched on.</source>
        <translation>Regel eingeschaltet.</translation>
    </message>
    <message>
        <source>Rule switched off.</source>
        <translation>Regel ausgeschaltet.</translation>
    </message>
    <message>
        <source>Search for something first, then save the search.</source>
        <translation>Erst etwas suchen, dann die Suche speichern.</translation>
    </message>
    <message>
        <source>Save This Search</source>
        <translation>Suche speichern</translation>
    </message>
    <message>
        <source>Name of the smart feed:</source>
        <translation>Name des smarten Feeds:</translation>
    </message>
    <message>
        <source>Smart feed “%1” added: %2 unread.</source>
        <translation>Smarter Feed „%1“ hinzugefügt: %2 ungelesen.</translation>
    </message>
    <message>
        <source>Edit Smart Feed…</source>
        <translation>Smarten Feed bearbeiten…</translation>
    </message>
    <message>
        <source>Remove Smart Feed…</source>
        <translation>Smarten Feed entfernen…</translation>
    </message>
    <message>
        <source>Edit Smart Feed</source>
        <translation>Smarten Feed bearbeiten</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Search:</source>
        <translation>Suche:</translation>
    </message>
    <message>
        <source>Smart feed “%1” saved: %2 unread.</source>
        <translation>Smarter Feed „%1“ gespeichert: %2 ungelesen.</translation>
    </message>
    <message>
        <source>this smart feed</source>
        <translation>diesen smarten Feed</translation>
    </message>
    <message>
        <source>Remove “%1”? Its articles stay where they are.</source>
        <translation>„%1“ entfernen? Seine Artikel bleiben, wo sie sind.</translation>
    </message>
    <message>
        <source>Remove Smart Feed</source>
        <translation>Smarten Feed entfernen</translation>
    </message>
    <message>
        <source>Smart feed “%1” removed.</source>
        <translation>Smarter Feed „%1“ entfernt.</translation>
    </message>
</context>
<context>
    <name>LoginController</name>
    <message>
        <source>The server did not accept the last user name and password.</source>
        <translation>Der Server hat den zuletzt angegebenen Benutzernamen und das Passwort nicht angenommen.</translation>
    </message>
    <message>
        <source>“%1” needs a login.</source>
        <translation>„%1“ braucht eine Anmeldung.</translation>
    </message>
    <message>
        <source>Login forgotten.</source>
        <translation>Anmeldung vergessen.</translation>
    </message>
    <message>
        <source>Login saved for “%1”.</source>
        <translation>Anmeldung für „%1“ gespeichert.</translation>
    </message>
    <message>
        <source>Login kept for this session for “%1”.</source>
        <translation>Anmeldung für „%1“ bis zum Beenden von Byline behalten.</translation>
    </message>
    <message>
        <source>Adding %1…</source>
        <translation>Füge %1 hinzu…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln article(s)</source>
        <translation>
            <numerusform>%Ln Artikel</numerusform>
            <numerusform>%Ln Artikel</numerusform>
        </translation>
    </message>
    <message>
        <source>Added “%1”: %2.</source>
        <translation>„%1“ hinzugefügt: %2.</translation>
    </message>
    <message>
        <source>Could not add %1: %2</source>
        <translation>%1 konnte nicht hinzugefügt werden: %2</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>in the system keyring</source>
        <translation>im Schlüsselbund des Systems</translation>
    </message>
    <message>
        <source>in a file only you can read</source>
        <translation>in einer Datei, die nur Sie lesen können</translation>
    </message>
    <message>
        <source>Log In</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>“%1” asks for a user name and password.</source>
        <translation>„%1“ fragt nach Benutzername und Passwort.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>in the password store</source>
        <translation>im Passwortspeicher</translation>
    </message>
    <message>
        <source>&amp;Remember the password (%1)</source>
        <translation>Passwort &amp;merken (%1)</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Divider between feeds and articles</source>
        <translation>Trenner zwischen Feeds und Artikelliste</translation>
    </message>
    <message>
        <source>Divider between articles and the article</source>
        <translation>Trenner zwischen Artikelliste und Artikel</translation>
    </message>
    <message>
        <source>More tools</source>
        <translation>Weitere Werkzeuge</translation>
    </message>
    <message>
        <source>Clear search</source>
        <translation>Suche leeren</translation>
    </message>
    <message>
        <source>Resize the window</source>
        <translation>Fenstergröße ändern</translation>
    </message>
    <message>
        <source>&lt;a href='byline:sample'&gt;Load the sample library&lt;/a&gt; — a few stories to read offline.</source>
        <translation>&lt;a href='byline:sample'&gt;Die Beispielbibliothek laden&lt;/a&gt; – ein paar Artikel zum Offline-Lesen.</translation>
    </message>
    <message>
        <source>Welcome to Byline</source>
        <translation>Willkommen bei Byline</translation>
    </message>
    <message>
        <source>Your library is empty.</source>
        <translation>Ihre Bibliothek ist leer.</translation>
    </message>
    <message>
        <source>&lt;a href='byline:addfeed'&gt;Add a feed&lt;/a&gt; by its address or a site's address, or import an OPML file from another reader (File ▸ Import OPML).</source>
        <translation>&lt;a href='byline:addfeed'&gt;Fügen Sie einen Feed hinzu&lt;/a&gt; mit seiner Adresse oder der Adresse einer Website, oder importieren Sie eine OPML-Datei aus einem anderen Reader (Datei ▸ OPML importieren).</translation>
    </message>
    <message>
        <source>Download Attachment</source>
        <translation>Anhang herunterladen</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Search (/)</source>
        <translation>Suchen (/)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Search every cached article; Enter searches now, Esc goes back</source>
        <translation>Alle gespeicherten Artikel durchsuchen; Eingabe sucht sofort, Esc kehrt zurück</translation>
    </message>
    <message numerus="yes">
        <source>%Ln result(s)</source>
        <translation>
            <numerusform>%Ln Ergebnis</numerusform>
            <numerusform>%Ln Ergebnisse</numerusform>
        </translation>
    </message>
    <message>
        <source>Feeds</source>
        <translation>Feeds</translation>
    </message>
    <message>
        <source>Smart feeds, folders and feeds with their unread counts</source>
        <translation>Intelligente Feeds, Ordner und Feeds mit der Zahl ihrer ungelesenen Artikel</translation>
    </message>
    <message>
        <source>Articles</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>The articles of the selected feed, newest first</source>
        <translation>Die Artikel des gewählten Feeds, die neuesten zuerst</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancel refresh</source>
        <translation>Aktualisierung abbrechen</translation>
    </message>
    <message>
        <source>Refresh progress</source>
        <translation>Fortschritt der Aktualisierung</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Articles in the list</source>
        <translation>Artikel in der Liste</translation>
    </message>
    <message>
        <source>Byline keeps running in the tray.</source>
        <translation>Byline läuft im Infobereich weiter.</translation>
    </message>
    <message>
        <source>%1: shown in the list (pick a feed in the tree to go back).</source>
        <translation>%1: in der Liste gezeigt (ein Feed im Baum führt zurück).</translation>
    </message>
    <message numerus="yes">
        <source>%Ln article(s)</source>
        <translation>
            <numerusform>%Ln Artikel</numerusform>
            <numerusform>%Ln Artikel</numerusform>
        </translation>
    </message>
    <message>
        <source>No more unread articles here.</source>
        <translation>Hier gibt es keine ungelesenen Artikel mehr.</translation>
    </message>
    <message>
        <source>Show Feed's &amp;Text</source>
        <translation>&amp;Text des Feeds zeigen</translation>
    </message>
    <message numerus="yes">
        <source>Marked %Ln article(s) read.</source>
        <translation>
            <numerusform>%Ln Artikel als gelesen markiert.</numerusform>
            <numerusform>%Ln Artikel als gelesen markiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Preferences saved. The new language is used from the next start.</source>
        <translation>Einstellungen gespeichert. Die neue Sprache gilt ab dem nächsten Start.</translation>
    </message>
    <message>
        <source>Preferences saved.</source>
        <translation>Einstellungen gespeichert.</translation>
    </message>
</context>
<context>
    <name>NetworkPage</name>
    <message>
        <source>N&amp;o proxy</source>
        <translation>&amp;Kein Proxy</translation>
    </message>
    <message>
        <source>Use the &amp;system's proxy settings (HTTP_PROXY, HTTPS_PROXY, NO_PROXY)</source>
        <translation>Proxy-Einstellungen des &amp;Systems verwenden (HTTP_PROXY, HTTPS_PROXY, NO_PROXY)</translation>
    </message>
    <message>
        <source>&amp;Manual proxy:</source>
        <translation>&amp;Manueller Proxy:</translation>
    </message>
    <message>
        <source>proxy.example.org</source>
        <translation>proxy.example.org</translation>
    </message>
    <message>
        <source>Hosts reached directly, comma-separated: names (covering their subdomains), addresses, 10.0.0.0/8</source>
        <translation>Direkt erreichte Hosts, durch Kommas getrennt: Namen (samt ihren Subdomains), Adressen, 10.0.0.0/8</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Typ:</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <source>Po&amp;rt:</source>
        <translation>Po&amp;rt:</translation>
    </message>
    <message>
        <source>No pro&amp;xy for:</source>
        <translation>Ohne Pro&amp;xy für:</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>Proxy type</source>
        <translation>Proxy-Typ</translation>
    </message>
    <message>
        <source>Proxy host</source>
        <translation>Proxy-Host</translation>
    </message>
    <message>
        <source>Proxy port</source>
        <translation>Proxy-Port</translation>
    </message>
    <message>
        <source>No proxy for</source>
        <translation>Ohne Proxy für</translation>
    </message>
    <message>
        <source>Proxy user name</source>
        <translation>Proxy-Benutzername</translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation>Proxy-Passwort</translation>
    </message>
    <message>
        <source>(stored)</source>
        <translation>(gespeichert)</translation>
    </message>
    <message>
        <source>A manual proxy needs a host and a port.</source>
        <translation>Ein manueller Proxy braucht einen Host und einen Port.</translation>
    </message>
    <message>
        <source>The proxy host is a name or an address, without spaces, '/' or '@'.</source>
        <translation>Der Proxy-Host ist ein Name oder eine Adresse, ohne Leerzeichen, „/“ oder „@“.</translation>
    </message>
    <message>
        <source>Give the password for %1.</source>
        <translation>Geben Sie das Passwort für %1 an.</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>%1 (system)</source>
        <translation>%1 (System)</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>A summary of new articles</source>
        <translation>Eine Übersicht der neuen Artikel</translation>
    </message>
    <message>
        <source>Only what notify rules match</source>
        <translation>Nur was Melde-Regeln finden</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source> min</source>
        <translation> Min.</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>Load remote &amp;images in articles (they can track you)</source>
        <translation>Externe &amp;Bilder in Artikeln laden (sie können Sie verfolgen)</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tagen</translation>
    </message>
    <message>
        <source>keep everything</source>
        <translation>alles behalten</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>After a refresh or a sync: one notification, never one per article</source>
        <translation>Nach einer Aktualisierung oder Synchronisierung: eine Benachrichtigung, nie eine pro Artikel</translation>
    </message>
    <message>
        <source>Keep running in the system tray when the window is closed</source>
        <translation>Im Infobereich weiterlaufen, wenn das Fenster geschlossen wird</translation>
    </message>
    <message>
        <source>Keep running in the system tray (this desktop has no system tray)</source>
        <translation>Im Infobereich weiterlaufen (diese Arbeitsumgebung hat keinen Infobereich)</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>&amp;Refresh every:</source>
        <translation>&amp;Aktualisieren alle:</translation>
    </message>
    <message>
        <source>Images:</source>
        <translation>Bilder:</translation>
    </message>
    <message>
        <source>Remove &amp;unsaved articles after:</source>
        <translation>&amp;Nicht gemerkte Artikel entfernen nach:</translation>
    </message>
    <message>
        <source>Article &amp;font size:</source>
        <translation>&amp;Schriftgröße der Artikel:</translation>
    </message>
    <message>
        <source>&amp;Mark read after:</source>
        <translation>Als gelesen &amp;markieren nach:</translation>
    </message>
    <message>
        <source>N&amp;otifications:</source>
        <translation>Benachric&amp;htigungen:</translation>
    </message>
    <message>
        <source>&amp;Tray:</source>
        <translation>&amp;Infobereich:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>S&amp;prache:</translation>
    </message>
    <message>
        <source>A new language is used from the next start of Byline.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start von Byline.</translation>
    </message>
    <message>
        <source>Refresh every</source>
        <translation>Aktualisieren alle</translation>
    </message>
    <message>
        <source>Remove unsaved articles after</source>
        <translation>Nicht gemerkte Artikel entfernen nach</translation>
    </message>
    <message>
        <source>Article font size</source>
        <translation>Schriftgröße der Artikel</translation>
    </message>
    <message>
        <source>Mark read after</source>
        <translation>Als gelesen markieren nach</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>All&amp;gemein</translation>
    </message>
    <message>
        <source>&amp;Network</source>
        <translation>Netz&amp;werk</translation>
    </message>
    <message>
        <source>&amp;Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>Preferences pages</source>
        <translation>Seiten der Einstellungen</translation>
    </message>
</context>
<context>
    <name>RefreshController</name>
    <message numerus="yes">
        <source>Checked %Ln feed(s)</source>
        <translation>
            <numerusform>%Ln Feed geprüft</numerusform>
            <numerusform>%Ln Feeds geprüft</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln new article(s)</source>
        <translation>
            <numerusform>%Ln neuer Artikel</numerusform>
            <numerusform>%Ln neue Artikel</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation>
            <numerusform>%Ln fehlgeschlagen</numerusform>
            <numerusform>%Ln fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln held back by their servers</source>
        <translation>
            <numerusform>%Ln von seinem Server zurückgehalten</numerusform>
            <numerusform>%Ln von ihren Servern zurückgehalten</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2.</source>
        <translation>%1: %2.</translation>
    </message>
    <message>
        <source>Refreshing…</source>
        <translation>Aktualisiere…</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Refresh failed; see the feeds marked with a warning.</source>
        <translation>Aktualisierung fehlgeschlagen; siehe die mit einer Warnung markierten Feeds.</translation>
    </message>
    <message>
        <source>Sync of %1 failed: %2</source>
        <translation>Synchronisieren von %1 fehlgeschlagen: %2</translation>
    </message>
    <message numerus="yes">
        <source>Synced %Ln account(s)</source>
        <translation>
            <numerusform>%Ln Konto synchronisiert</numerusform>
            <numerusform>%Ln Konten synchronisiert</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2, %3.</source>
        <translation type="vanished">%1: %2, %3.</translation>
    </message>
</context>
<context>
    <name>RescueOffer</name>
    <message>
        <source>The library is damaged</source>
        <translation>Die Bibliothek ist beschädigt</translation>
    </message>
    <message>
        <source>Byline found your library file damaged.</source>
        <translation>Byline hat Ihre Bibliotheksdatei beschädigt vorgefunden.</translation>
    </message>
    <message>
        <source>Byline cannot open your library: the file is damaged.</source>
        <translation>Byline kann Ihre Bibliothek nicht öffnen: die Datei ist beschädigt.</translation>
    </message>
    <message>
        <source>Byline can recover everything the file still holds (subscriptions, articles, saved articles and read marks) into a new library beside it. The damaged file is not changed.</source>
        <translation>Byline kann alles, was die Datei noch enthält (Abonnements, Artikel, gemerkte Artikel und Gelesen-Markierungen), in eine neue Bibliothek daneben retten. Die beschädigte Datei wird nicht verändert.</translation>
    </message>
    <message>
        <source>&amp;Use the rescued library from now on (the damaged one is kept beside it)</source>
        <translation>Ab jetzt die gerettete Bibliothek &amp;verwenden (die beschädigte bleibt daneben erhalten)</translation>
    </message>
    <message>
        <source>&amp;Rescue Library</source>
        <translation>Bibliothek &amp;retten</translation>
    </message>
    <message>
        <source>&amp;Open Rescued Library</source>
        <translation>Gerettete Bibliothek ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Not Now</source>
        <translation>Nicht jetzt</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Reading what the damaged file still holds…</source>
        <translation>Lese, was die beschädigte Datei noch enthält…</translation>
    </message>
    <message>
        <source>Recovered %1, %2, %3 saved and %4.</source>
        <translation>Gerettet: %1, %2, %3 gemerkte und %4.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln feed(s)</source>
        <translation>
            <numerusform>%Ln Feed</numerusform>
            <numerusform>%Ln Feeds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln article(s)</source>
        <translation>
            <numerusform>%Ln Artikel</numerusform>
            <numerusform>%Ln Artikel</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln read mark(s)</source>
        <translation>
            <numerusform>%Ln Gelesen-Markierung</numerusform>
            <numerusform>%Ln Gelesen-Markierungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Some damaged parts could not be read.</source>
        <translation>Einige beschädigte Teile ließen sich nicht lesen.</translation>
    </message>
    <message>
        <source>The rescued library is in %1. The damaged file was not changed.</source>
        <translation>Die gerettete Bibliothek liegt in %1. Die beschädigte Datei wurde nicht verändert.</translation>
    </message>
    <message>
        <source>Opening it closes this window and opens one on the rescued library.</source>
        <translation>Beim Öffnen schließt sich dieses Fenster, und ein neues öffnet die gerettete Bibliothek.</translation>
    </message>
    <message>
        <source>The rescue did not work:</source>
        <translation>Die Rettung ist misslungen:</translation>
    </message>
    <message>
        <source>The damaged file was not changed.</source>
        <translation>Die beschädigte Datei wurde nicht verändert.</translation>
    </message>
    <message>
        <source>Opening the rescued library where it is.</source>
        <translation>Die gerettete Bibliothek wird an ihrem Ort geöffnet.</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <source>Mark read (mute)</source>
        <translation>Als gelesen markieren (stumm)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Merken</translation>
    </message>
    <message>
        <source>Hide (searchable, listed nowhere)</source>
        <translation>Verbergen (durchsuchbar, nirgends gelistet)</translation>
    </message>
    <message>
        <source>Notify</source>
        <translation>Melden</translation>
    </message>
    <message>
        <source>On</source>
        <translation>An</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Matched</source>
        <translation>Getroffen</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Suche</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>Regeln</translation>
    </message>
    <message>
        <source>New Rule</source>
        <translation>Neue Regel</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Apply to Stored Articles</source>
        <translation>Auf gespeicherte Artikel anwenden</translation>
    </message>
    <message>
        <source>Rules act on articles as they arrive; this applies one to every article already here</source>
        <translation>Regeln wirken auf Artikel, wenn sie eintreffen; dies wendet eine auf jeden schon vorhandenen Artikel an</translation>
    </message>
    <message>
        <source>(the query)</source>
        <translation>(die Suche)</translation>
    </message>
    <message>
        <source>e.g. title:sponsored, folder:Sports, feed:"Daily Post" election</source>
        <translation>z. B. title:sponsored, folder:Sport, feed:"Daily Post" Wahl</translation>
    </message>
    <message>
        <source>Add Rule</source>
        <translation>Regel hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Query:</source>
        <translation>&amp;Suche:</translation>
    </message>
    <message>
        <source>&amp;Action:</source>
        <translation>&amp;Aktion:</translation>
    </message>
    <message>
        <source>Matches now:</source>
        <translation>Trifft jetzt:</translation>
    </message>
    <message>
        <source>New rule</source>
        <translation>Neue Regel</translation>
    </message>
    <message>
        <source>The rule runs on new articles</source>
        <translation>Die Regel wirkt auf neue Artikel</translation>
    </message>
    <message>
        <source>The rule is switched off</source>
        <translation>Die Regel ist ausgeschaltet</translation>
    </message>
    <message numerus="yes">
        <source>%1 article(s) in the lists now</source>
        <translation>
            <numerusform>%1 Artikel jetzt in den Listen</numerusform>
            <numerusform>%1 Artikel jetzt in den Listen</numerusform>
        </translation>
    </message>
    <message>
        <source>no article now</source>
        <translation>jetzt kein Artikel</translation>
    </message>
    <message>
        <source>Rule: %1</source>
        <translation>Regel: %1</translation>
    </message>
    <message>
        <source>Save Changes</source>
        <translation>Änderungen speichern</translation>
    </message>
    <message>
        <source>type a query (the search language: words, title:, feed:, folder:, is:, after:)</source>
        <translation>eine Suche eingeben (die Suchsprache: Wörter, title:, feed:, folder:, is:, after:)</translation>
    </message>
</context>
<context>
    <name>SearchController</name>
    <message numerus="yes">
        <source>%Ln match(es) for “%1” among saved articles — Esc returns.</source>
        <translation>
            <numerusform>%Ln Treffer für „%1“ unter den gemerkten Artikeln – Esc kehrt zurück.</numerusform>
            <numerusform>%Ln Treffer für „%1“ unter den gemerkten Artikeln – Esc kehrt zurück.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln match(es) for “%1” — Esc returns.</source>
        <translation>
            <numerusform>%Ln Treffer für „%1“ – Esc kehrt zurück.</numerusform>
            <numerusform>%Ln Treffer für „%1“ – Esc kehrt zurück.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>Commands and their keys</source>
        <translation>Befehle und ihre Tasten</translation>
    </message>
    <message>
        <source>Press the new key for the selected command</source>
        <translation>Die neue Taste für den gewählten Befehl drücken</translation>
    </message>
    <message>
        <source>New key</source>
        <translation>Neue Taste</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Leeren</translation>
    </message>
    <message>
        <source>&amp;Default</source>
        <translation>&amp;Standard</translation>
    </message>
    <message>
        <source>Restore &amp;All Defaults</source>
        <translation>&amp;Alle Standardtasten wiederherstellen</translation>
    </message>
    <message>
        <source>New key:</source>
        <translation>Neue Taste:</translation>
    </message>
    <message>
        <source> and </source>
        <translation> und </translation>
    </message>
    <message>
        <source>%1 is the key of %2: change one of them.</source>
        <translation>%1 ist die Taste von %2: ändern Sie eine davon.</translation>
    </message>
    <message>
        <source>no key</source>
        <translation>keine Taste</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menü</translation>
    </message>
    <message>
        <source>Change them in Preferences ▸ Shortcuts.</source>
        <translation>Ändern lassen sie sich unter Einstellungen ▸ Tastenkürzel.</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Open Byline</source>
        <translation>Byline öffnen</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Byline — nothing unread</source>
        <translation>Byline – nichts ungelesen</translation>
    </message>
    <message numerus="yes">
        <source>Byline — %1 unread article(s)</source>
        <translation>
            <numerusform>Byline – %1 ungelesener Artikel</numerusform>
            <numerusform>Byline – %1 ungelesene Artikel</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Byline — %Ln unread article(s)</source>
        <translation type="vanished">
            <numerusform>Byline – %Ln ungelesener Artikel</numerusform>
            <numerusform>Byline – %Ln ungelesene Artikel</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TreeController</name>
    <message>
        <source>Refresh Now, Even If the Server Asked to Wait</source>
        <translation>Jetzt aktualisieren, auch wenn der Server um Warten bat</translation>
    </message>
    <message numerus="yes">
        <source>Imported %Ln feed(s)</source>
        <translation>
            <numerusform>%Ln Feed importiert</numerusform>
            <numerusform>%Ln Feeds importiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln already present</source>
        <translation>
            <numerusform>%Ln schon vorhanden</numerusform>
            <numerusform>%Ln schon vorhanden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>skipped %Ln</source>
        <translation>
            <numerusform>%Ln übersprungen</numerusform>
            <numerusform>%Ln übersprungen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1.</source>
        <translation>%1.</translation>
    </message>
    <message>
        <source>The file is %1; what could be read was imported.</source>
        <translation>Die Datei ist %1; was sich lesen ließ, wurde importiert.</translation>
    </message>
    <message>
        <source>Skipped %1: %2</source>
        <translation>Übersprungen: %1: %2</translation>
    </message>
    <message>
        <source>Mark All Read</source>
        <translation>Alle als gelesen markieren</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Umbenennen…</translation>
    </message>
    <message>
        <source>Move to Folder…</source>
        <translation>In Ordner verschieben…</translation>
    </message>
    <message>
        <source>Check Every…</source>
        <translation>Prüfen alle…</translation>
    </message>
    <message>
        <source>Properties…</source>
        <translation>Eigenschaften…</translation>
    </message>
    <message>
        <source>Unsubscribe…</source>
        <translation>Abbestellen…</translation>
    </message>
    <message>
        <source>Delete Folder…</source>
        <translation>Ordner löschen…</translation>
    </message>
    <message>
        <source>Remote Images</source>
        <translation>Externe Bilder</translation>
    </message>
    <message>
        <source>As in Preferences</source>
        <translation>Wie in den Einstellungen</translation>
    </message>
    <message>
        <source>Always Load</source>
        <translation>Immer laden</translation>
    </message>
    <message>
        <source>Never Load</source>
        <translation>Nie laden</translation>
    </message>
    <message>
        <source>Fetch Full Stories</source>
        <translation>Vollständige Artikel abrufen</translation>
    </message>
    <message>
        <source>Fetch each new article's web page and show its story in place of the feed's text</source>
        <translation>Die Webseite jedes neuen Artikels abrufen und ihren Artikel statt des Feed-Textes zeigen</translation>
    </message>
    <message>
        <source>Full stories on: each new article's page is fetched at refresh (fetching recent ones now).</source>
        <translation>Vollständige Artikel an: die Seite jedes neuen Artikels wird beim Aktualisieren abgerufen (die letzten werden jetzt abgerufen).</translation>
    </message>
    <message>
        <source>Full stories off: new articles show the feed's text.</source>
        <translation>Vollständige Artikel aus: neue Artikel zeigen den Text des Feeds.</translation>
    </message>
    <message>
        <source>Feed properties saved.</source>
        <translation>Eigenschaften des Feeds gespeichert.</translation>
    </message>
    <message>
        <source>Log In…</source>
        <translation>Anmelden…</translation>
    </message>
    <message>
        <source>Forget Login</source>
        <translation>Anmeldung vergessen</translation>
    </message>
    <message>
        <source>User Agent</source>
        <translation>User-Agent</translation>
    </message>
    <message>
        <source>Byline’s Own</source>
        <translation>Bylines eigener</translation>
    </message>
    <message>
        <source>A Web Browser’s</source>
        <translation>Der eines Webbrowsers</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>Eigener…</translation>
    </message>
    <message>
        <source>Ask this feed as (empty: Byline’s own):</source>
        <translation>Diesen Feed abfragen als (leer: Bylines eigener):</translation>
    </message>
    <message>
        <source>User agent saved; it is used from the next refresh.</source>
        <translation>User-Agent gespeichert; er gilt ab der nächsten Aktualisierung.</translation>
    </message>
    <message>
        <source>Check Every</source>
        <translation>Prüfen alle</translation>
    </message>
    <message>
        <source>Minutes between checks (empty: as in Preferences):</source>
        <translation>Minuten zwischen zwei Prüfungen (leer: wie in den Einstellungen):</translation>
    </message>
    <message>
        <source>The interval is a number of minutes above 0.</source>
        <translation>Der Abstand ist eine Zahl von Minuten über 0.</translation>
    </message>
    <message>
        <source>Feed interval saved.</source>
        <translation>Abstand des Feeds gespeichert.</translation>
    </message>
    <message>
        <source>Image setting saved.</source>
        <translation>Bildeinstellung gespeichert.</translation>
    </message>
    <message>
        <source>Feed moved.</source>
        <translation>Feed verschoben.</translation>
    </message>
    <message>
        <source>New Folder</source>
        <translation>Neuer Ordner</translation>
    </message>
    <message>
        <source>Folder name (use / for a subfolder):</source>
        <translation>Name des Ordners (/ für einen Unterordner):</translation>
    </message>
    <message>
        <source>Folder “%1” created.</source>
        <translation>Ordner „%1“ angelegt.</translation>
    </message>
    <message>
        <source>Rename Feed</source>
        <translation>Feed umbenennen</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Feed renamed.</source>
        <translation>Feed umbenannt.</translation>
    </message>
    <message>
        <source>Rename Folder</source>
        <translation>Ordner umbenennen</translation>
    </message>
    <message>
        <source>Folder renamed.</source>
        <translation>Ordner umbenannt.</translation>
    </message>
    <message>
        <source>(top level)</source>
        <translation>(oberste Ebene)</translation>
    </message>
    <message>
        <source>Move Feed</source>
        <translation>Feed verschieben</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Ordner:</translation>
    </message>
    <message>
        <source>Unsubscribe from “%1”? Its saved articles are kept.</source>
        <translation>„%1“ abbestellen? Seine gemerkten Artikel bleiben erhalten.</translation>
    </message>
    <message>
        <source>Delete Feed</source>
        <translation>Feed löschen</translation>
    </message>
    <message>
        <source>Feed deleted.</source>
        <translation>Feed gelöscht.</translation>
    </message>
    <message>
        <source>Delete the folder “%1”?</source>
        <translation>Den Ordner „%1“ löschen?</translation>
    </message>
    <message>
        <source>Delete Folder</source>
        <translation>Ordner löschen</translation>
    </message>
    <message>
        <source>Folder deleted.</source>
        <translation>Ordner gelöscht.</translation>
    </message>
    <message>
        <source>No feed was found on that page.</source>
        <translation>Auf dieser Seite wurde kein Feed gefunden.</translation>
    </message>
    <message>
        <source>Could not look: %1</source>
        <translation>Suche nicht möglich: %1</translation>
    </message>
    <message>
        <source>Adding %1…</source>
        <translation>Füge %1 hinzu…</translation>
    </message>
    <message>
        <source>%1 asks for a user name and password.</source>
        <translation>%1 fragt nach Benutzername und Passwort.</translation>
    </message>
    <message>
        <source>Added “%1”: %2 (other feeds on that page: %3).</source>
        <translation>„%1“ hinzugefügt: %2 (weitere Feeds auf dieser Seite: %3).</translation>
    </message>
    <message>
        <source>Added “%1”: %2.</source>
        <translation>„%1“ hinzugefügt: %2.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln article(s)</source>
        <translation>
            <numerusform>%Ln Artikel</numerusform>
            <numerusform>%Ln Artikel</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not add %1: %2</source>
        <translation>%1 konnte nicht hinzugefügt werden: %2</translation>
    </message>
    <message>
        <source>The sample library is not installed.</source>
        <translation>Die Beispielbibliothek ist nicht installiert.</translation>
    </message>
    <message>
        <source>Loading the sample library…</source>
        <translation>Lade die Beispielbibliothek…</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>Beispiele</translation>
    </message>
    <message numerus="yes">
        <source>%Ln feed(s)</source>
        <translation>
            <numerusform>%Ln Feed</numerusform>
            <numerusform>%Ln Feeds</numerusform>
        </translation>
    </message>
    <message>
        <source>Sample library: %1; %2: %3</source>
        <translation>Beispielbibliothek: %1; %2: %3</translation>
    </message>
    <message>
        <source>Sample library: %1.</source>
        <translation>Beispielbibliothek: %1.</translation>
    </message>
    <message>
        <source>Import OPML</source>
        <translation>OPML importieren</translation>
    </message>
    <message>
        <source>OPML files (*.opml *.xml);;All files (*)</source>
        <translation>OPML-Dateien (*.opml *.xml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Import failed: %1</source>
        <translation>Import fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Export OPML</source>
        <translation>OPML exportieren</translation>
    </message>
    <message>
        <source>OPML files (*.opml)</source>
        <translation>OPML-Dateien (*.opml)</translation>
    </message>
    <message>
        <source>Exported subscriptions to %1.</source>
        <translation>Abonnements nach %1 exportiert.</translation>
    </message>
</context>
<context>
    <name>Workers</name>
    <message>
        <source>unexpected error: %1</source>
        <translation>unerwarteter Fehler: %1</translation>
    </message>
</context>
</TS>

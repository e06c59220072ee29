<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AccountController</name>
    <message numerus="yes">
        <source>(and %Ln more)</source>
        <translation>
            <numerusform>(and %Ln more)</numerusform>
            <numerusform>(and %Ln more)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Synced %Ln account(s)</source>
        <translation>
            <numerusform>Synced %Ln account</numerusform>
            <numerusform>Synced %Ln accounts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln new article(s)</source>
        <translation>
            <numerusform>%Ln new article</numerusform>
            <numerusform>%Ln new articles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln change(s) sent</source>
        <translation>
            <numerusform>%Ln change sent</numerusform>
            <numerusform>%Ln changes sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln received</source>
        <translation>
            <numerusform>%Ln received</numerusform>
            <numerusform>%Ln received</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln article(s)</source>
        <translation>
            <numerusform>%Ln article</numerusform>
            <numerusform>%Ln articles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln of its articles</source>
        <translation>
            <numerusform>%Ln of its articles</numerusform>
            <numerusform>%Ln of its articles</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AddFeedDialog</name>
    <message numerus="yes">
        <source>%Ln feed(s) found; pick one.</source>
        <translation>
            <numerusform>%Ln feed found; pick one.</numerusform>
            <numerusform>%Ln feeds found; pick one.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ArticleController</name>
    <message numerus="yes">
        <source>Kept %Ln image(s) for reading offline</source>
        <translation>
            <numerusform>Kept %Ln image for reading offline</numerusform>
            <numerusform>Kept %Ln images for reading offline</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln refused</source>
        <translation>
            <numerusform>%Ln refused</numerusform>
            <numerusform>%Ln refused</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ArticlePane</name>
    <message numerus="yes">
        <source>%Ln byte(s)</source>
        <translation>
            <numerusform>%Ln byte</numerusform>
            <numerusform>%Ln bytes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Attachment(s)</source>
        <translation>
            <numerusform>Attachment</numerusform>
            <numerusform>Attachments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln article(s)</source>
        <translation>
            <numerusform>%Ln article</numerusform>
            <numerusform>%Ln articles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln unread</source>
        <translation>
            <numerusform>%Ln unread</numerusform>
            <numerusform>%Ln unread</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BugDialog</name>
    <message numerus="yes">
        <source>Byline: this is a bug (%Ln errors)</source>
        <translation>
            <numerusform>Byline: this is a bug (%Ln errors)</numerusform>
            <numerusform>Byline: this is a bug (%Ln errors)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FeedTree</name>
    <message numerus="yes">
        <source>%Ln article(s)</source>
        <translation>
            <numerusform>%Ln article</numerusform>
            <numerusform>%Ln articles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln unread</source>
        <translation>
            <numerusform>%Ln unread</numerusform>
            <numerusform>%Ln unread</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln change(s) waiting to be sent</source>
        <translation>
            <numerusform>%Ln change waiting to be sent</numerusform>
            <numerusform>%Ln changes waiting to be sent</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InboxController</name>
    <message numerus="yes">
        <source>The rule changed %1 stored article(s).</source>
        <translation>
            <numerusform>The rule changed %1 stored article.</numerusform>
            <numerusform>The rule changed %1 stored articles.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LoginController</name>
    <message numerus="yes">
        <source>%Ln article(s)</source>
        <translation>
            <numerusform>%Ln article</numerusform>
            <numerusform>%Ln articles</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%Ln result(s)</source>
        <translation>
            <numerusform>%Ln result</numerusform>
            <numerusform>%Ln results</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln article(s)</source>
        <translation>
            <numerusform>%Ln article</numerusform>
            <numerusform>%Ln articles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Marked %Ln article(s) read.</source>
        <translation>
            <numerusform>Marked %Ln article read.</numerusform>
            <numerusform>Marked %Ln articles read.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RefreshController</name>
    <message numerus="yes">
        <source>Checked %Ln feed(s)</source>
        <translation>
            <numerusform>Checked %Ln feed</numerusform>
            <numerusform>Checked %Ln feeds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln new article(s)</source>
        <translation>
            <numerusform>%Ln new article</numerusform>
            <numerusform>%Ln new articles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation>
            <numerusform>%Ln failed</numerusform>
            <numerusform>%Ln failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln held back by their servers</source>
        <translation>
            <numerusform>%Ln held back by their servers</numerusform>
            <numerusform>%Ln held back by their servers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Synced %Ln account(s)</source>
        <translation>
            <numerusform>Synced %Ln account</numerusform>
            <numerusform>Synced %Ln accounts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RescueOffer</name>
    <message numerus="yes">
        <source>%Ln feed(s)</source>
        <translation>
            <numerusform>%Ln feed</numerusform>
            <numerusform>%Ln feeds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln article(s)</source>
        <translation>
            <numerusform>%Ln article</numerusform>
            <numerusform>%Ln articles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln read mark(s)</source>
        <translation>
            <numerusform>%Ln read mark</numerusform>
            <numerusform>%Ln read marks</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message numerus="yes">
        <source>%1 article(s) in the lists now</source>
        <translation>
            <numerusform>%1 article in the lists now</numerusform>
            <numerusform>%1 articles in the lists now</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchController</name>
    <message numerus="yes">
        <source>%Ln match(es) for “%1” among saved articles — Esc returns.</source>
        <translation>
            <numerusform>%Ln match for “%1” among saved articles — Esc returns.</numerusform>
            <numerusform>%Ln matches for “%1” among saved articles — Esc returns.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln match(es) for “%1” — Esc returns.</source>
        <translation>
            <numerusform>%Ln match for “%1” — Esc returns.</numerusform>
            <numerusform>%Ln matches for “%1” — Esc returns.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message numerus="yes">
        <source>Byline — %1 unread article(s)</source>
        <translation>
            <numerusform>Byline — %1 unread article</numerusform>
            <numerusform>Byline — %1 unread articles</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TreeController</name>
    <message numerus="yes">
        <source>Imported %Ln feed(s)</source>
        <translation>
            <numerusform>Imported %Ln feed</numerusform>
            <numerusform>Imported %Ln feeds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln already present</source>
        <translation>
            <numerusform>%Ln already present</numerusform>
            <numerusform>%Ln already present</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>skipped %Ln</source>
        <translation>
            <numerusform>skipped %Ln</numerusform>
            <numerusform>skipped %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln article(s)</source>
        <translation>
            <numerusform>%Ln article</numerusform>
            <numerusform>%Ln articles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln feed(s)</source>
        <translation>
            <numerusform>%Ln feed</numerusform>
            <numerusform>%Ln feeds</numerusform>
        </translation>
    </message>
</context>
</TS>

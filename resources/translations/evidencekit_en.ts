<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>CaptureWindow</name>
    <message numerus="yes">
        <source>Saved {name} ({length}, %n bookmarks).</source>
        <translation>
            <numerusform>Saved {name} ({length}, %n bookmark).</numerusform>
            <numerusform>Saved {name} ({length}, %n bookmarks).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EssayEditor</name>
    <message numerus="yes">
        <source>%n words</source>
        <translation>
            <numerusform>%n word</numerusform>
            <numerusform>%n words</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EvidenceTableModel</name>
    <message numerus="yes">
        <source>%n words</source>
        <translation>
            <numerusform>%n word</numerusform>
            <numerusform>%n words</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message numerus="yes">
        <source>{when} · %n words</source>
        <translation>
            <numerusform>{when} · %n word</numerusform>
            <numerusform>{when} · %n words</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n submissions</source>
        <translation>
            <numerusform>%n submission</numerusform>
            <numerusform>%n submissions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NewIdentityDialog</name>
    <message numerus="yes">
        <source>Choose a passphrase of at least %n characters.</source>
        <translation>
            <numerusform>Choose a passphrase of at least %n character.</numerusform>
            <numerusform>Choose a passphrase of at least %n characters.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message numerus="yes">
        <source>{name}: {length} recorded, %n bookmarks</source>
        <translation>
            <numerusform>{name}: {length} recorded, %n bookmark</numerusform>
            <numerusform>{name}: {length} recorded, %n bookmarks</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SlotWork</name>
    <message numerus="yes">
        <source>Adding %n files</source>
        <translation>
            <numerusform>Adding %n file</numerusform>
            <numerusform>Adding %n files</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RedactReviewDialog</name>
    <message numerus="yes">
        <source>%n faces found.</source>
        <translation>
            <numerusform>%n face found.</numerusform>
            <numerusform>%n faces found.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Requirement</name>
    <message numerus="yes">
        <source>{done} of %n clips</source>
        <translation>
            <numerusform>{done} of %n clip</numerusform>
            <numerusform>{done} of %n clips</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{low} to %n clips</source>
        <translation>
            <numerusform>{low} to %n clip</numerusform>
            <numerusform>{low} to %n clips</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n clips</source>
        <translation>
            <numerusform>%n clip</numerusform>
            <numerusform>%n clips</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{done} of %n files</source>
        <translation>
            <numerusform>{done} of %n file</numerusform>
            <numerusform>{done} of %n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{low} to %n files</source>
        <translation>
            <numerusform>{low} to %n file</numerusform>
            <numerusform>{low} to %n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n files</source>
        <translation>
            <numerusform>%n file</numerusform>
            <numerusform>%n files</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CredentialCard</name>
    <message numerus="yes">
        <source>%n classroom clips</source>
        <translation>
            <numerusform>%n classroom clip</numerusform>
            <numerusform>%n classroom clips</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pieces of writing</source>
        <translation>
            <numerusform>%n piece of writing</numerusform>
            <numerusform>%n pieces of writing</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sets of files</source>
        <translation>
            <numerusform>%n set of files</numerusform>
            <numerusform>%n sets of files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n statements to confirm</source>
        <translation>
            <numerusform>%n statement to confirm</numerusform>
            <numerusform>%n statements to confirm</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Effort</name>
    <message numerus="yes">
        <source>about %n hours</source>
        <translation>
            <numerusform>about %n hour</numerusform>
            <numerusform>about %n hours</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProgressCard</name>
    <message numerus="yes">
        <source>{met} of %n requirements met</source>
        <translation>
            <numerusform>{met} of %n requirement met</numerusform>
            <numerusform>{met} of %n requirements met</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{done} of %n units done</source>
        <translation>
            <numerusform>{done} of %n unit done</numerusform>
            <numerusform>{done} of %n units done</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Standing</name>
    <message numerus="yes">
        <source>%n things still to do</source>
        <translation>
            <numerusform>%n thing still to do</numerusform>
            <numerusform>%n things still to do</numerusform>
        </translation>
    </message>
</context>
</TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cy_GB">
<context>
    <name>CameraScanner</name>
    <message>
        <source>No camera found — use the scanner or type the code</source>
        <translation>Dim camera wedi’i chanfod — defnyddiwch y sganiwr neu teipiwch y cod</translation>
    </message>
    <message>
        <source>Camera ready — hold the ticket&apos;s QR code in the box</source>
        <translation>Mae’r camera’n barod — daliwch god QR y tocyn yn y blwch</translation>
    </message>
    <message>
        <source>Camera off</source>
        <translation>Camera wedi’i diffodd</translation>
    </message>
    <message>
        <source>Camera access is not allowed — allow it in the system&apos;s privacy settings, or use the scanner</source>
        <translation>Nid oes caniatâd i ddefnyddio’r camera — caniatewch hynny yng ngosodiadau preifatrwydd y system, neu defnyddiwch y sganiwr</translation>
    </message>
    <message>
        <source>Waiting for permission to use the camera…</source>
        <translation>Yn aros am ganiatâd i ddefnyddio’r camera…</translation>
    </message>
    <message>
        <source>The chosen camera is not connected; using {0}</source>
        <translation>Nid yw’r camera a ddewiswyd wedi’i gysylltu; yn defnyddio {0}</translation>
    </message>
    <message>
        <source>Camera problem: {0} — use the scanner or type the code</source>
        <translation>Problem gyda’r camera: {0} — defnyddiwch y sganiwr neu teipiwch y cod</translation>
    </message>
    <message>
        <source>Camera scanner</source>
        <translation>Sganiwr camera</translation>
    </message>
    <message>
        <source>Camera preview</source>
        <translation>Rhagolwg y camera</translation>
    </message>
    <message>
        <source>Camera status</source>
        <translation>Statws y camera</translation>
    </message>
</context>
<context>
    <name>ForgotScreen</name>
    <message>
        <source>Please type both your surname and your booking reference or email address.</source>
        <translation>Teipiwch eich cyfenw a chyfeirnod eich archeb neu eich cyfeiriad e-bost, os gwelwch yn dda.</translation>
    </message>
    <message>
        <source>We could not find a booking with these details. Please check them and try again, or see the registration desk.</source>
        <translation>Ni allwn ddod o hyd i archeb gyda’r manylion hyn. Gwiriwch nhw a rhowch gynnig arall arni, neu ewch at y ddesg gofrestru.</translation>
    </message>
    <message>
        <source>Find your booking</source>
        <translation>Dewch o hyd i’ch archeb</translation>
    </message>
    <message>
        <source>Type your surname and your booking reference or email address. Both must match your booking.</source>
        <translation>Teipiwch eich cyfenw a chyfeirnod eich archeb neu eich cyfeiriad e-bost. Rhaid i’r ddau gyd-fynd â’ch archeb.</translation>
    </message>
    <message>
        <source>Surname (family name)</source>
        <translation>Cyfenw (enw teuluol)</translation>
    </message>
    <message>
        <source>Booking reference or email address</source>
        <translation>Cyfeirnod yr archeb neu gyfeiriad e-bost</translation>
    </message>
    <message>
        <source>Find my booking</source>
        <translation>Dod o hyd i’m harcheb</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Yn ôl</translation>
    </message>
    <message>
        <source>Back to the start</source>
        <translation>Yn ôl i’r dechrau</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Check-in kiosk</source>
        <translation>Ciosg cofrestru</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Staff PIN</source>
        <translation>PIN staff</translation>
    </message>
    <message>
        <source>Type the staff PIN, then press Enter</source>
        <translation>Teipiwch PIN y staff, yna pwyswch Enter</translation>
    </message>
    <message>
        <source>⌫ Delete</source>
        <translation>⌫ Dileu</translation>
    </message>
    <message>
        <source>Delete the last digit</source>
        <translation>Dileu’r digid olaf</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Iawn</translation>
    </message>
    <message>
        <source>Enter the PIN</source>
        <translation>Cyflwyno’r PIN</translation>
    </message>
</context>
<context>
    <name>ResultScreen</name>
    <message>
        <source>Welcome, {name}</source>
        <translation>Croeso, {name}</translation>
    </message>
    <message>
        <source>Welcome!</source>
        <translation>Croeso!</translation>
    </message>
    <message>
        <source>You are checked in. Your badge is ready: please take it from the printer.</source>
        <translation>Rydych wedi cofrestru. Mae eich bathodyn yn barod: cymerwch ef o’r argraffydd.</translation>
    </message>
    <message>
        <source>You are checked in. Your badge is ready for you at the registration desk.</source>
        <translation>Rydych wedi cofrestru. Mae eich bathodyn yn barod i chi wrth y ddesg gofrestru.</translation>
    </message>
    <message>
        <source>You are checked in, but your badge could not be printed.</source>
        <translation>Rydych wedi cofrestru, ond nid oedd modd argraffu eich bathodyn.</translation>
    </message>
    <message>
        <source>You are checked in. Your badge is printing now.</source>
        <translation>Rydych wedi cofrestru. Mae eich bathodyn yn cael ei argraffu nawr.</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Gwybodaeth</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>Wedi cofrestru</translation>
    </message>
    <message>
        <source>Sorry, we could not find this ticket.</source>
        <translation>Mae’n ddrwg gennym, ni allwn ddod o hyd i’r tocyn hwn.</translation>
    </message>
    <message>
        <source>Sorry, this ticket cannot be used at the kiosk.</source>
        <translation>Mae’n ddrwg gennym, ni ellir defnyddio’r tocyn hwn yn y ciosg.</translation>
    </message>
    <message>
        <source>This ticket has already been checked in.</source>
        <translation>Mae’r tocyn hwn eisoes wedi’i gofrestru.</translation>
    </message>
    <message>
        <source>Sorry, we could not find your booking.</source>
        <translation>Mae’n ddrwg gennym, ni allwn ddod o hyd i’ch archeb.</translation>
    </message>
    <message>
        <source>Sorry, something went wrong.</source>
        <translation>Mae’n ddrwg gennym, aeth rhywbeth o’i le.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Gorffen</translation>
    </message>
    <message>
        <source>This screen goes back to the start by itself.</source>
        <translation>Bydd y sgrin hon yn mynd yn ôl i’r dechrau ohoni’i hun.</translation>
    </message>
    <message>
        <source>Please see the registration desk. Staff there will help you.</source>
        <translation>Ewch at y ddesg gofrestru, os gwelwch yn dda. Bydd y staff yno’n eich helpu.</translation>
    </message>
</context>
<context>
    <name>SetPinDialog</name>
    <message>
        <source>Set a staff PIN</source>
        <translation>Gosod PIN staff</translation>
    </message>
    <message>
        <source>Kiosk mode asks for this PIN to leave it, and for its settings and statistics. Use 4 to 12 digits.</source>
        <translation>Mae modd ciosg yn gofyn am y PIN hwn cyn ei adael, ac ar gyfer ei osodiadau a’i ystadegau. Defnyddiwch 4 i 12 digid.</translation>
    </message>
    <message>
        <source>New staff PIN</source>
        <translation>PIN staff newydd</translation>
    </message>
    <message>
        <source>The same PIN again</source>
        <translation>Yr un PIN eto</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>A staff PIN is 4 to 12 digits.</source>
        <translation>Mae PIN staff yn 4 i 12 digid.</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>Mae’r ddau PIN yn wahanol.</translation>
    </message>
</context>
<context>
    <name>StaffScreen</name>
    <message>
        <source>No problems so far.</source>
        <translation>Dim problemau hyd yma.</translation>
    </message>
    <message>
        <source>{checked} of {expected} checked in.
At this kiosk: {here}.</source>
        <translation>{checked} o {expected} wedi cofrestru.
Yn y ciosg hwn: {here}.</translation>
    </message>
    <message>
        <source>No staff PIN is set on this machine.</source>
        <translation>Does dim PIN staff wedi’i osod ar y peiriant hwn.</translation>
    </message>
    <message>
        <source>Wrong PIN. Tries left before a pause: {n}.</source>
        <translation>PIN anghywir. Cynigion ar ôl cyn saib: {n}.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again in {time}.</source>
        <translation>Gormod o PINau anghywir. Rhowch gynnig arall ymhen {time}.</translation>
    </message>
    <message>
        <source>You can try the PIN again.</source>
        <translation>Gallwch roi cynnig ar y PIN eto.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>dim</translation>
    </message>
    <message>
        <source>Badge printer: {name} ({uri})
Badges waiting: {waiting}
Problem: {problem}</source>
        <translation>Argraffydd bathodynnau: {name} ({uri})
Bathodynnau’n aros: {waiting}
Problem: {problem}</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Wedi’i gadw.</translation>
    </message>
    <message>
        <source>Staff only</source>
        <translation>Staff yn unig</translation>
    </message>
    <message>
        <source>Enter the staff PIN.</source>
        <translation>Rhowch PIN y staff.</translation>
    </message>
    <message>
        <source>Back to the kiosk</source>
        <translation>Yn ôl i’r ciosg</translation>
    </message>
    <message>
        <source>Staff menu</source>
        <translation>Dewislen y staff</translation>
    </message>
    <message>
        <source>Printer status</source>
        <translation>Statws yr argraffydd</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Ystadegau</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Gosodiadau</translation>
    </message>
    <message>
        <source>Leave kiosk mode</source>
        <translation>Gadael modd ciosg</translation>
    </message>
    <message>
        <source>Check the printer again</source>
        <translation>Gwirio’r argraffydd eto</translation>
    </message>
    <message>
        <source>Back to the staff menu</source>
        <translation>Yn ôl i ddewislen y staff</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Cadw</translation>
    </message>
    <message>
        <source>Recent problems</source>
        <translation>Problemau diweddar</translation>
    </message>
    <message>
        <source>Seconds a result stays on screen</source>
        <translation>Sawl eiliad y mae canlyniad yn aros ar y sgrin</translation>
    </message>
    <message>
        <source>Seconds without a touch before the kiosk starts again</source>
        <translation>Sawl eiliad heb gyffwrdd cyn i’r ciosg ailddechrau</translation>
    </message>
    <message>
        <source>Language at the start</source>
        <translation>Iaith ar y dechrau</translation>
    </message>
    <message>
        <source>Sound cues</source>
        <translation>Ciwiau sain</translation>
    </message>
</context>
<context>
    <name>WelcomeScreen</name>
    <message>
        <source>Welcome to {event}</source>
        <translation>Croeso i {event}</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Croeso</translation>
    </message>
    <message>
        <source>Scan your ticket</source>
        <translation>Sganiwch eich tocyn</translation>
    </message>
    <message>
        <source>Hold the QR code on your ticket, on paper or on your phone, up to the camera or the scanner.</source>
        <translation>Daliwch y cod QR ar eich tocyn, ar bapur neu ar eich ffôn, o flaen y camera neu’r sganiwr.</translation>
    </message>
    <message>
        <source>Camera view</source>
        <translation>Golwg y camera</translation>
    </message>
    <message>
        <source>Shows what the camera sees, to help you aim your ticket</source>
        <translation>Yn dangos beth mae’r camera’n ei weld, i’ch helpu i anelu eich tocyn</translation>
    </message>
    <message>
        <source>Hold the QR code on your ticket, on paper or on your phone, under the scanner.</source>
        <translation>Daliwch y cod QR ar eich tocyn, ar bapur neu ar eich ffôn, o dan y sganiwr.</translation>
    </message>
    <message>
        <source>The camera is not available. Please use the scanner.</source>
        <translation>Nid yw’r camera ar gael. Defnyddiwch y sganiwr, os gwelwch yn dda.</translation>
    </message>
    <message>
        <source>Forgot your ticket?</source>
        <translation>Wedi anghofio eich tocyn?</translation>
    </message>
    <message>
        <source>Find your booking with your surname and your booking reference or email address</source>
        <translation>Dewch o hyd i’ch archeb gyda’ch cyfenw a chyfeirnod eich archeb neu eich cyfeiriad e-bost</translation>
    </message>
    <message>
        <source>Change the language</source>
        <translation>Newid yr iaith</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>Staff only</source>
        <translation>Staff yn unig</translation>
    </message>
    <message>
        <source>Staff sign in with a PIN</source>
        <translation>Mae’r staff yn mewngofnodi gyda PIN</translation>
    </message>
</context>
</TS>

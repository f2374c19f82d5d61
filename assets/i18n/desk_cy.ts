<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cy_GB">
<context>
    <name>AboutDialog</name>
    <message>
        <source>standalone</source>
        <translation>annibynnol</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>Ffolder data:</translation>
    </message>
    <message>
        <source>Running on:</source>
        <translation>Yn rhedeg ar:</translation>
    </message>
    <message>
        <source>Font</source>
        <translation>Ffont</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>Llyfrgell</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Trwydded</translation>
    </message>
    <message>
        <source>Used for</source>
        <translation>Defnyddir ar gyfer</translation>
    </message>
    <message>
        <source>Licence text</source>
        <translation>Testun y drwydded</translation>
    </message>
    <message>
        <source>Check-in and badge printing for community events. Free software under the MIT licence.</source>
        <translation>Cofrestru ac argraffu bathodynnau ar gyfer digwyddiadau cymunedol. Meddalwedd rydd dan drwydded MIT.</translation>
    </message>
    <message>
        <source>This laptop keeps its events, settings and printed badges there.</source>
        <translation>Mae’r gliniadur hwn yn cadw ei ddigwyddiadau, ei osodiadau a’i fathodynnau wedi’u hargraffu yno.</translation>
    </message>
    <message>
        <source>Fonts that come with the app</source>
        <translation>Ffontiau sy’n dod gyda’r ap</translation>
    </message>
    <message>
        <source>Libraries</source>
        <translation>Llyfrgelloedd</translation>
    </message>
    <message>
        <source>Qt and FFmpeg are used under the LGPL as separate shared libraries. Each library&apos;s full licence text comes with it.</source>
        <translation>Defnyddir Qt ac FFmpeg dan yr LGPL fel llyfrgelloedd a rennir ar wahân. Mae testun llawn trwydded pob llyfrgell yn dod gyda hi.</translation>
    </message>
    <message>
        <source>About Event Kiosk</source>
        <translation>Ynghylch Event Kiosk</translation>
    </message>
    <message>
        <source>About this app</source>
        <translation>Ynghylch yr ap hwn</translation>
    </message>
</context>
<context>
    <name>Actions</name>
    <message>
        <source>&amp;Events…</source>
        <translation>&amp;Digwyddiadau…</translation>
    </message>
    <message>
        <source>Open another event, create one, or try the demo</source>
        <translation>Agor digwyddiad arall, creu un, neu roi cynnig ar y demo</translation>
    </message>
    <message>
        <source>&amp;Import attendee list…</source>
        <translation>&amp;Mewnforio’r rhestr mynychwyr…</translation>
    </message>
    <message>
        <source>Import the attendee list from a spreadsheet or ticket export</source>
        <translation>Mewnforio’r rhestr mynychwyr o daenlen neu allforiad tocynnau</translation>
    </message>
    <message>
        <source>S&amp;ync…</source>
        <translation>&amp;Cysoni…</translation>
    </message>
    <message>
        <source>See how this desk shares its check-ins, and pair it with the organisers&apos; hub</source>
        <translation>Gweld sut mae’r ddesg hon yn rhannu ei chofrestriadau, a’i pharu â hwb y trefnwyr</translation>
    </message>
    <message>
        <source>S&amp;hare this event from this laptop…</source>
        <translation>&amp;Rhannu’r digwyddiad hwn o’r gliniadur hwn…</translation>
    </message>
    <message>
        <source>Make this laptop the hub: other laptops on the network join by scanning a QR code</source>
        <translation>Gwneud y gliniadur hwn yn hwb: mae gliniaduron eraill ar y rhwydwaith yn ymuno drwy sganio cod QR</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Gosodiadau…</translation>
    </message>
    <message>
        <source>This desk&apos;s name, scanner, sounds, camera and printing</source>
        <translation>Enw’r ddesg hon, y sganiwr, synau, camera ac argraffu</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Ymadael</translation>
    </message>
    <message>
        <source>Close the desk window (everything is already saved)</source>
        <translation>Cau ffenestr y ddesg (mae popeth wedi’i gadw’n barod)</translation>
    </message>
    <message>
        <source>&amp;Walk-in…</source>
        <translation>Heb &amp;archebu…</translation>
    </message>
    <message>
        <source>Register someone who has no ticket and check them in</source>
        <translation>Cofrestru rhywun sydd heb docyn a’i gofrestru i mewn</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>Ch&amp;wilio</translation>
    </message>
    <message>
        <source>Search by name, email, organisation or booking reference</source>
        <translation>Chwilio yn ôl enw, e-bost, sefydliad neu gyfeirnod archeb</translation>
    </message>
    <message>
        <source>&amp;Check in the person shown</source>
        <translation>&amp;Cofrestru’r person a ddangosir</translation>
    </message>
    <message>
        <source>Check in the person in the attendee panel (chosen by a search or a scan)</source>
        <translation>Cofrestru’r person ym mhanel y mynychwr (a ddewiswyd drwy chwilio neu sganio)</translation>
    </message>
    <message>
        <source>&amp;Undo check-in</source>
        <translation>&amp;Dadwneud y cofrestru</translation>
    </message>
    <message>
        <source>Undo the check-in of the person shown</source>
        <translation>Dadwneud cofrestriad y person a ddangosir</translation>
    </message>
    <message>
        <source>Correct &amp;details…</source>
        <translation>Cywiro’r &amp;manylion…</translation>
    </message>
    <message>
        <source>Correct the name, organisation or other details of the person shown</source>
        <translation>Cywiro enw, sefydliad neu fanylion eraill y person a ddangosir</translation>
    </message>
    <message>
        <source>&amp;Admit in person</source>
        <translation>Derbyn yn &amp;bersonol</translation>
    </message>
    <message>
        <source>Check in the person shown who registered to join online (they become in person and online)</source>
        <translation>Cofrestru’r person a ddangosir a archebodd i ymuno ar-lein (bydd yn bresennol ac ar-lein)</translation>
    </message>
    <message>
        <source>&amp;Not yet arrived…</source>
        <translation>Heb &amp;gyrraedd eto…</translation>
    </message>
    <message>
        <source>List who is expected in person and not checked in yet, and record who cancelled on the day</source>
        <translation>Rhestru pwy sy’n cael eu disgwyl yn bersonol a heb gofrestru eto, a chofnodi pwy ganslodd ar y diwrnod</translation>
    </message>
    <message>
        <source>Ac&amp;knowledge the oldest notice</source>
        <translation>Cydnabod yr &amp;hysbysiad hynaf</translation>
    </message>
    <message>
        <source>Say you have seen to the oldest notice for staff (someone with access needs at the kiosk)</source>
        <translation>Dweud eich bod wedi delio â’r hysbysiad hynaf i’r staff (rhywun ag anghenion mynediad wrth y ciosg)</translation>
    </message>
    <message>
        <source>&amp;Print badge</source>
        <translation>&amp;Argraffu bathodyn</translation>
    </message>
    <message>
        <source>Print the badge of the person shown</source>
        <translation>Argraffu bathodyn y person a ddangosir</translation>
    </message>
    <message>
        <source>Pre&amp;view badge…</source>
        <translation>&amp;Rhagolwg bathodyn…</translation>
    </message>
    <message>
        <source>See the badge of the person shown before printing it</source>
        <translation>Gweld bathodyn y person a ddangosir cyn ei argraffu</translation>
    </message>
    <message>
        <source>P&amp;rinters…</source>
        <translation>Argraff&amp;wyr…</translation>
    </message>
    <message>
        <source>Choose and test the badge and slip printers</source>
        <translation>Dewis a phrofi’r argraffwyr bathodynnau a slipiau</translation>
    </message>
    <message>
        <source>Pre-print &amp;badges…</source>
        <translation>Rhag-argraffu &amp;bathodynnau…</translation>
    </message>
    <message>
        <source>Print every badge, or those not printed yet, into one PDF</source>
        <translation>Argraffu pob bathodyn, neu’r rhai sydd heb eu hargraffu eto, i un PDF</translation>
    </message>
    <message>
        <source>Session &amp;grid…</source>
        <translation>&amp;Grid y sesiynau…</translation>
    </message>
    <message>
        <source>Open the Open Space session grid</source>
        <translation>Agor grid sesiynau’r Gofod Agored</translation>
    </message>
    <message>
        <source>&amp;Camera</source>
        <translation>&amp;Camera</translation>
    </message>
    <message>
        <source>Show or hide the camera that reads tickets</source>
        <translation>Dangos neu guddio’r camera sy’n darllen tocynnau</translation>
    </message>
    <message>
        <source>&amp;Mute sounds</source>
        <translation>&amp;Tewi’r synau</translation>
    </message>
    <message>
        <source>Turn the check-in sounds off or on</source>
        <translation>Diffodd neu droi synau’r cofrestru ymlaen</translation>
    </message>
    <message>
        <source>&amp;Kiosk mode…</source>
        <translation>&amp;Modd ciosg…</translation>
    </message>
    <message>
        <source>Turn this laptop into the self-service kiosk (staff leave it with the PIN)</source>
        <translation>Troi’r gliniadur hwn yn giosg hunanwasanaeth (mae’r staff yn ei adael gyda’r PIN)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Bysellau byr</translation>
    </message>
    <message>
        <source>List every keyboard shortcut of this window</source>
        <translation>Rhestru pob bysell fer yn y ffenestr hon</translation>
    </message>
    <message>
        <source>Check this &amp;laptop…</source>
        <translation>&amp;Gwirio’r gliniadur hwn…</translation>
    </message>
    <message>
        <source>Check the disk, fonts, printers, camera, hub and sound before the doors open</source>
        <translation>Gwirio’r ddisg, y ffontiau, yr argraffwyr, y camera, yr hwb a’r sain cyn i’r drysau agor</translation>
    </message>
    <message>
        <source>&amp;About Event Kiosk</source>
        <translation>&amp;Ynghylch Event Kiosk</translation>
    </message>
    <message>
        <source>The version, the data folder, and the licences of fonts and libraries</source>
        <translation>Y fersiwn, y ffolder data, a thrwyddedau’r ffontiau a’r llyfrgelloedd</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Dadwneud</translation>
    </message>
    <message>
        <source>Undo the last move, park or new session</source>
        <translation>Dadwneud y symud, y parcio neu’r sesiwn newydd olaf</translation>
    </message>
    <message>
        <source>&amp;New session</source>
        <translation>Sesiwn &amp;newydd</translation>
    </message>
    <message>
        <source>Go to the marketplace form to add a session</source>
        <translation>Mynd i ffurflen y farchnad i ychwanegu sesiwn</translation>
    </message>
    <message>
        <source>&amp;Edit selected…</source>
        <translation>&amp;Golygu’r un a ddewiswyd…</translation>
    </message>
    <message>
        <source>Edit the title, conveners or description of the selected session</source>
        <translation>Golygu teitl, cynullwyr neu ddisgrifiad y sesiwn a ddewiswyd</translation>
    </message>
    <message>
        <source>&amp;Park selected</source>
        <translation>&amp;Parcio’r un a ddewiswyd</translation>
    </message>
    <message>
        <source>Take the selected session off the grid (Ctrl+Z puts it back)</source>
        <translation>Tynnu’r sesiwn a ddewiswyd oddi ar y grid (mae Ctrl+Z yn ei rhoi’n ôl)</translation>
    </message>
    <message>
        <source>M&amp;ove selected to…</source>
        <translation>S&amp;ymud yr un a ddewiswyd i…</translation>
    </message>
    <message>
        <source>Move the selected session to a cell chosen from a list</source>
        <translation>Symud y sesiwn a ddewiswyd i gell a ddewisir o restr</translation>
    </message>
    <message>
        <source>Mer&amp;ge selected into…</source>
        <translation>&amp;Uno’r un a ddewiswyd â…</translation>
    </message>
    <message>
        <source>Merge the selected session into another one</source>
        <translation>Uno’r sesiwn a ddewiswyd ag un arall</translation>
    </message>
    <message>
        <source>Session &amp;report…</source>
        <translation>&amp;Adroddiad y sesiwn…</translation>
    </message>
    <message>
        <source>Write the selected session&apos;s report (scanning its slip opens it too)</source>
        <translation>Ysgrifennu adroddiad y sesiwn a ddewiswyd (mae sganio ei slip yn ei agor hefyd)</translation>
    </message>
    <message>
        <source>Add &amp;space…</source>
        <translation>Ychwanegu &amp;gofod…</translation>
    </message>
    <message>
        <source>Add a room, corner or other space</source>
        <translation>Ychwanegu ystafell, cornel neu ofod arall</translation>
    </message>
    <message>
        <source>Add s&amp;lot…</source>
        <translation>Ychwanegu &amp;slot…</translation>
    </message>
    <message>
        <source>Add a time slot or a break</source>
        <translation>Ychwanegu slot amser neu egwyl</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Argraffu…</translation>
    </message>
    <message>
        <source>Print the grid, door signs, proceedings or the list for the slips printer</source>
        <translation>Argraffu’r grid, arwyddion drysau, y trafodion neu’r rhestr ar gyfer argraffydd y slipiau</translation>
    </message>
    <message>
        <source>&amp;Display mode</source>
        <translation>Modd &amp;arddangos</translation>
    </message>
    <message>
        <source>Show the grid full screen for a projector</source>
        <translation>Dangos y grid ar y sgrin lawn ar gyfer taflunydd</translation>
    </message>
    <message>
        <source>&amp;Close window</source>
        <translation>&amp;Cau’r ffenestr</translation>
    </message>
    <message>
        <source>Close the grid window</source>
        <translation>Cau ffenestr y grid</translation>
    </message>
</context>
<context>
    <name>ArrivalsChart</name>
    <message>
        <source>Arrivals per 15 minutes</source>
        <translation>Cyrraedd fesul 15 munud</translation>
    </message>
    <message>
        <source>No arrivals yet</source>
        <translation>Neb wedi cyrraedd eto</translation>
    </message>
</context>
<context>
    <name>AttendeePanel</name>
    <message>
        <source>Name</source>
        <translation>Enw</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Sefydliad</translation>
    </message>
    <message>
        <source>Ticket type</source>
        <translation>Math o docyn</translation>
    </message>
    <message>
        <source>Pronouns</source>
        <translation>Rhagenwau</translation>
    </message>
    <message>
        <source>Booking ref</source>
        <translation>Cyfeirnod archeb</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statws</translation>
    </message>
    <message>
        <source>Access needs</source>
        <translation>Anghenion mynediad</translation>
    </message>
    <message>
        <source>Dietary needs</source>
        <translation>Anghenion deiet</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Nodiadau</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>Wedi cofrestru</translation>
    </message>
    <message>
        <source>Attendee</source>
        <translation>Mynychwr</translation>
    </message>
    <message>
        <source>Attendee details</source>
        <translation>Manylion y mynychwr</translation>
    </message>
    <message>
        <source>{0}:</source>
        <translation>{0}:</translation>
    </message>
    <message>
        <source>Check &amp;in</source>
        <translation>Cofre&amp;stru</translation>
    </message>
    <message>
        <source>&amp;Undo check-in</source>
        <translation>Dadw&amp;neud y cofrestru</translation>
    </message>
    <message>
        <source>Correct &amp;details…</source>
        <translation>Cywiro’r &amp;manylion…</translation>
    </message>
    <message>
        <source>P&amp;rint badge</source>
        <translation>Argraff&amp;u bathodyn</translation>
    </message>
    <message>
        <source>Previe&amp;w badge…</source>
        <translation>Rhagolwg &amp;bathodyn…</translation>
    </message>
</context>
<context>
    <name>BadgePreviewDialog</name>
    <message>
        <source>Badge preview: {0}</source>
        <translation>Rhagolwg bathodyn: {0}</translation>
    </message>
    <message>
        <source>Badge preview</source>
        <translation>Rhagolwg bathodyn</translation>
    </message>
    <message>
        <source>Badge layout</source>
        <translation>Cynllun y bathodyn</translation>
    </message>
    <message>
        <source>Badge as it will print</source>
        <translation>Y bathodyn fel y bydd yn argraffu</translation>
    </message>
    <message>
        <source>&amp;Layout:</source>
        <translation>&amp;Cynllun:</translation>
    </message>
    <message>
        <source>Cannot draw this layout: {0}</source>
        <translation>Ni ellir llunio’r cynllun hwn: {0}</translation>
    </message>
</context>
<context>
    <name>CameraPanel</name>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Turn camera on</source>
        <translation>Troi’r camera ymlaen</translation>
    </message>
    <message>
        <source>Camera on/off</source>
        <translation>Camera ymlaen/i ffwrdd</translation>
    </message>
    <message>
        <source>Turn camera off</source>
        <translation>Diffodd y camera</translation>
    </message>
</context>
<context>
    <name>CrashGuard</name>
    <message>
        <source>Something went wrong</source>
        <translation>Aeth rhywbeth o’i le</translation>
    </message>
    <message>
        <source>Something went wrong; your check-ins are safe.</source>
        <translation>Aeth rhywbeth o’i le; mae eich cofrestriadau’n ddiogel.</translation>
    </message>
    <message>
        <source>The desk keeps running: carry on where you were. If the same thing happens again, close the window and open it again. A note for whoever looks after this laptop was saved in {log}.</source>
        <translation>Mae’r ddesg yn dal i redeg: ewch ymlaen o’r man lle’r oeddech chi. Os bydd yr un peth yn digwydd eto, caewch y ffenestr a’i hagor eto. Cafodd nodyn i bwy bynnag sy’n gofalu am y gliniadur hwn ei gadw yn {log}.</translation>
    </message>
</context>
<context>
    <name>DemoTickets</name>
    <message>
        <source>Preparing sample tickets to scan…</source>
        <translation>Yn paratoi tocynnau enghreifftiol i’w sganio…</translation>
    </message>
    <message>
        <source>Sample tickets</source>
        <translation>Tocynnau enghreifftiol</translation>
    </message>
    <message>
        <source>Open sample tickets</source>
        <translation>Agor y tocynnau enghreifftiol</translation>
    </message>
    <message>
        <source>Open the sample tickets to scan</source>
        <translation>Agor y tocynnau enghreifftiol i’w sganio</translation>
    </message>
    <message>
        <source>The sample tickets could not be written; the desk works without them.</source>
        <translation>Nid oedd modd ysgrifennu’r tocynnau enghreifftiol; mae’r ddesg yn gweithio hebddyn nhw.</translation>
    </message>
    <message>
        <source>Sample tickets ready to scan from the screen or print.</source>
        <translation>Mae’r tocynnau enghreifftiol yn barod i’w sganio o’r sgrin neu i’w hargraffu.</translation>
    </message>
</context>
<context>
    <name>DeskNameDialog</name>
    <message>
        <source>Name this desk</source>
        <translation>Enwi’r ddesg hon</translation>
    </message>
    <message>
        <source>Every check-in made on this laptop is shown with the desk&apos;s name, so staff can tell where someone came in. You can change it later in Settings.</source>
        <translation>Mae pob cofrestriad a wneir ar y gliniadur hwn yn cael ei ddangos gydag enw’r ddesg, fel bod y staff yn gwybod ble daeth rhywun i mewn. Gallwch ei newid yn nes ymlaen yn y Gosodiadau.</translation>
    </message>
    <message>
        <source>Desk &amp;name</source>
        <translation>&amp;Enw’r ddesg</translation>
    </message>
    <message>
        <source>Desk name</source>
        <translation>Enw’r ddesg</translation>
    </message>
    <message>
        <source>That is a pairing code. Name this desk first, with a name like “Front door”; then scan the pairing code again on the desk.</source>
        <translation>Cod paru yw hwnna. Rhowch enw i’r ddesg hon yn gyntaf, fel “Drws blaen”; yna sganiwch y cod paru eto ar y ddesg.</translation>
    </message>
    <message>
        <source>A desk name is 1 to 60 characters, like “Desk 1” or “Front door”.</source>
        <translation>Mae enw desg rhwng 1 a 60 nod, fel “Desg 1” neu “Drws blaen”.</translation>
    </message>
    <message>
        <source>That looks like a ticket code, not a desk’s name. Type a name staff will recognise, like “Front door”.</source>
        <translation>Mae hwnna’n edrych fel cod tocyn, nid enw desg. Teipiwch enw y bydd staff yn ei adnabod, fel “Drws blaen”.</translation>
    </message>
</context>
<context>
    <name>DeskPrinting</name>
    <message>
        <source>The badge could not be sent to the printer: {0}</source>
        <translation>Nid oedd modd anfon y bathodyn i’r argraffydd: {0}</translation>
    </message>
    <message>
        <source>Print again?</source>
        <translation>Argraffu eto?</translation>
    </message>
    <message>
        <source>This badge may have printed at {0} on {1}: printing stopped half way. Check the printer. Print it again?</source>
        <translation>Efallai fod y bathodyn hwn wedi’i argraffu am {0} ar {1}: stopiodd yr argraffu hanner ffordd. Gwiriwch yr argraffydd. Ei argraffu eto?</translation>
    </message>
    <message>
        <source>This badge was printed at {0} on {1}. Print it again?</source>
        <translation>Cafodd y bathodyn hwn ei argraffu am {0} ar {1}. Ei argraffu eto?</translation>
    </message>
    <message>
        <source>1 badge is waiting: it prints when it is back.</source>
        <translation>Mae 1 bathodyn yn aros: bydd yn argraffu pan fydd yr argraffydd yn ôl.</translation>
    </message>
    <message>
        <source>{0} badges are waiting: they print when it is back.</source>
        <translation>Mae {0} bathodyn yn aros: byddant yn argraffu pan fydd yr argraffydd yn ôl.</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>Bathodyn</translation>
    </message>
    <message>
        <source>Session slip</source>
        <translation>Slip sesiwn</translation>
    </message>
    <message>
        <source>Printout</source>
        <translation>Allbrint</translation>
    </message>
    <message>
        <source>Badge for {0}</source>
        <translation>Bathodyn {0}</translation>
    </message>
    <message>
        <source>The waiting badges could not be moved: {0}</source>
        <translation>Nid oedd modd symud y bathodynnau sy’n aros: {0}</translation>
    </message>
</context>
<context>
    <name>DeskSync</name>
    <message>
        <source>Working on this laptop only</source>
        <translation>Yn gweithio ar y gliniadur hwn yn unig</translation>
    </message>
    <message>
        <source>1 change not yet shared</source>
        <translation>1 newid heb ei rannu eto</translation>
    </message>
    <message>
        <source>{0} changes not yet shared</source>
        <translation>{0} newid heb eu rhannu eto</translation>
    </message>
    <message>
        <source>1 check-in not yet shared</source>
        <translation>1 cofrestriad heb ei rannu eto</translation>
    </message>
    <message>
        <source>{0} check-ins not yet shared</source>
        <translation>{0} cofrestriad heb eu rhannu eto</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Ar-lein</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>All-lein</translation>
    </message>
    <message>
        <source>Sync refused</source>
        <translation>Cysoni wedi’i wrthod</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Wedi’i ddirymu</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>newydd ddigwydd</translation>
    </message>
    <message>
        <source>{0} s ago</source>
        <translation>{0} eiliad yn ôl</translation>
    </message>
    <message>
        <source>{0} min ago</source>
        <translation>{0} munud yn ôl</translation>
    </message>
    <message>
        <source>{0} h ago</source>
        <translation>{0} awr yn ôl</translation>
    </message>
    <message>
        <source>{0} waiting</source>
        <translation>{0} yn aros</translation>
    </message>
    <message>
        <source>nothing waiting</source>
        <translation>dim byd yn aros</translation>
    </message>
    <message>
        <source>last sync {0}</source>
        <translation>cysoni diwethaf {0}</translation>
    </message>
    <message>
        <source>never synced</source>
        <translation>heb gysoni erioed</translation>
    </message>
    <message>
        <source>this laptop&apos;s clock is {0} min ahead of the hub&apos;s</source>
        <translation>mae cloc y gliniadur hwn {0} munud o flaen cloc yr hwb</translation>
    </message>
    <message>
        <source>this laptop&apos;s clock is {0} min behind the hub&apos;s</source>
        <translation>mae cloc y gliniadur hwn {0} munud y tu ôl i gloc yr hwb</translation>
    </message>
    <message>
        <source>Sync status</source>
        <translation>Statws cysoni</translation>
    </message>
    <message>
        <source>Opens the sync settings</source>
        <translation>Yn agor y gosodiadau cysoni</translation>
    </message>
    <message>
        <source>{0}. Opens the sync settings</source>
        <translation>{0}. Yn agor y gosodiadau cysoni</translation>
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <source>Event and desk</source>
        <translation>Digwyddiad a desg</translation>
    </message>
    <message>
        <source>Import your attendee list (Ctrl+I)</source>
        <translation>Mewnforiwch eich rhestr mynychwyr (Ctrl+I)</translation>
    </message>
    <message>
        <source>Import your attendee list</source>
        <translation>Mewnforiwch eich rhestr mynychwyr</translation>
    </message>
    <message>
        <source>Check-in desk — {0}</source>
        <translation>Desg gofrestru — {0}</translation>
    </message>
    <message>
        <source>This laptop was removed from the event</source>
        <translation>Cafodd y gliniadur hwn ei dynnu o’r digwyddiad</translation>
    </message>
    <message>
        <source>{0}.

The organisers revoked this laptop, so its copy of the event has been erased. Ask them to pair it again to keep working.</source>
        <translation>{0}.

Mae’r trefnwyr wedi dirymu’r gliniadur hwn, felly mae ei gopi o’r digwyddiad wedi’i ddileu. Gofynnwch iddyn nhw ei baru eto i barhau i weithio.</translation>
    </message>
    <message>
        <source>Statistics unavailable: {0}</source>
        <translation>Dim ystadegau ar gael: {0}</translation>
    </message>
</context>
<context>
    <name>DoctorDialog</name>
    <message>
        <source>OK</source>
        <translation>Iawn</translation>
    </message>
    <message>
        <source>Look at this</source>
        <translation>Edrychwch ar hyn</translation>
    </message>
    <message>
        <source>Fix this</source>
        <translation>Trwsiwch hyn</translation>
    </message>
    <message>
        <source>Check this laptop</source>
        <translation>Gwirio’r gliniadur hwn</translation>
    </message>
    <message>
        <source>Checking this laptop…</source>
        <translation>Yn gwirio’r gliniadur hwn…</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>Gwiriadau</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Canlyniad</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Gwiriad</translation>
    </message>
    <message>
        <source>What was found, and what to do</source>
        <translation>Beth a ganfuwyd, a beth i’w wneud</translation>
    </message>
    <message>
        <source>Check &amp;again</source>
        <translation>Gwirio &amp;eto</translation>
    </message>
    <message>
        <source>The checks stopped before the end.</source>
        <translation>Stopiodd y gwiriadau cyn y diwedd.</translation>
    </message>
    <message>
        <source>Close this and check again.</source>
        <translation>Caewch hwn a gwirio eto.</translation>
    </message>
</context>
<context>
    <name>EditAttendeeDialog</name>
    <message>
        <source>&amp;First name</source>
        <translation>&amp;Enw cyntaf</translation>
    </message>
    <message>
        <source>&amp;Last name</source>
        <translation>&amp;Cyfenw</translation>
    </message>
    <message>
        <source>&amp;Organisation</source>
        <translation>&amp;Sefydliad</translation>
    </message>
    <message>
        <source>&amp;Pronouns</source>
        <translation>&amp;Rhagenwau</translation>
    </message>
    <message>
        <source>&amp;Job title</source>
        <translation>&amp;Teitl swydd</translation>
    </message>
    <message>
        <source>&amp;Email</source>
        <translation>E-&amp;bost</translation>
    </message>
    <message>
        <source>&amp;Notes</source>
        <translation>&amp;Nodiadau</translation>
    </message>
    <message>
        <source>Correct details: {0}</source>
        <translation>Cywiro manylion: {0}</translation>
    </message>
</context>
<context>
    <name>EventsDialog</name>
    <message>
        <source>Events on this machine</source>
        <translation>Digwyddiadau ar y peiriant hwn</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Digwyddiadau</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Agor</translation>
    </message>
    <message>
        <source>&amp;New event…</source>
        <translation>Digwyddiad &amp;newydd…</translation>
    </message>
    <message>
        <source>Open the &amp;demo event</source>
        <translation>Agor y digwyddiad &amp;demo</translation>
    </message>
    <message>
        <source>&amp;Join from a hub…</source>
        <translation>&amp;Ymuno o hwb…</translation>
    </message>
    <message>
        <source>Join an event from the organisers&apos; hub</source>
        <translation>Ymuno â digwyddiad o hwb y trefnwyr</translation>
    </message>
    <message>
        <source>{0} (open now)</source>
        <translation>{0} (ar agor nawr)</translation>
    </message>
    <message>
        <source>No events yet: join the organiser&apos;s event with Join from a hub…, create one, or open the demo event to try the desk.</source>
        <translation>Dim digwyddiadau eto: ymunwch â digwyddiad y trefnydd gydag Ymuno o hwb…, crëwch un, neu agorwch y digwyddiad demo i roi cynnig ar y ddesg.</translation>
    </message>
    <message>
        <source>Preparing the demo event…</source>
        <translation>Yn paratoi’r digwyddiad demo…</translation>
    </message>
    <message>
        <source>The demo event could not be prepared. Please try again.</source>
        <translation>Nid oedd modd paratoi’r digwyddiad demo. Rhowch gynnig arall arni.</translation>
    </message>
</context>
<context>
    <name>GridDisplay</name>
    <message>
        <source>Sessions</source>
        <translation>Sesiynau</translation>
    </message>
    <message>
        <source>Session grid display</source>
        <translation>Arddangosfa grid y sesiynau</translation>
    </message>
    <message>
        <source>{0}: {1} to {2}</source>
        <translation>{0}: {1} i {2}</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>Egwyl</translation>
    </message>
    <message>
        <source>{0} until {1}</source>
        <translation>{0} tan {1}</translation>
    </message>
    <message>
        <source>No sessions on the grid yet.</source>
        <translation>Dim sesiynau ar y grid eto.</translation>
    </message>
    <message>
        <source>Online too</source>
        <translation>Ar-lein hefyd</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Nawr</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Nesaf</translation>
    </message>
</context>
<context>
    <name>GridFeedback</name>
    <message>
        <source>Open the s&amp;lip</source>
        <translation>Agor y s&amp;lip</translation>
    </message>
    <message>
        <source>Open the saved slip</source>
        <translation>Agor y slip a gadwyd</translation>
    </message>
    <message>
        <source>Added “{0}” in {1}.</source>
        <translation>Wedi ychwanegu “{0}” yn {1}.</translation>
    </message>
    <message>
        <source>Added “{0}” to the parked list: drag it onto the grid when it has a place.</source>
        <translation>Wedi ychwanegu “{0}” at y rhestr a barciwyd: llusgwch hi i’r grid pan fydd ganddi le.</translation>
    </message>
    <message>
        <source>No slip printed (“Print the slip” is off).</source>
        <translation>Dim slip wedi’i argraffu (mae “Argraffu’r slip” wedi’i ddiffodd).</translation>
    </message>
    <message>
        <source>The slip could not be sent to the printer.</source>
        <translation>Nid oedd modd anfon y slip i’r argraffydd.</translation>
    </message>
    <message>
        <source>The slip waits for the printer “{0}”: it prints when the desk&apos;s printing starts.</source>
        <translation>Mae’r slip yn aros am yr argraffydd “{0}”: bydd yn argraffu pan fydd argraffu’r ddesg yn dechrau.</translation>
    </message>
    <message>
        <source>Printing the slip on “{0}”…</source>
        <translation>Yn argraffu’r slip ar “{0}”…</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Newydd</translation>
    </message>
    <message>
        <source>The slip could not be sent to the printer: {0}</source>
        <translation>Nid oedd modd anfon y slip i’r argraffydd: {0}</translation>
    </message>
    <message>
        <source>Moved “{0}” to {1}.</source>
        <translation>Wedi symud “{0}” i {1}.</translation>
    </message>
    <message>
        <source>Moved</source>
        <translation>Symudwyd</translation>
    </message>
    <message>
        <source>No slip printer is set up, so the slip was saved to {0}.</source>
        <translation>Does dim argraffydd slipiau wedi’i osod, felly cafodd y slip ei gadw yn {0}.</translation>
    </message>
    <message>
        <source>Slip saved to {0}.</source>
        <translation>Slip wedi’i gadw yn {0}.</translation>
    </message>
    <message>
        <source>Slip printed on “{0}”.</source>
        <translation>Slip wedi’i argraffu ar “{0}”.</translation>
    </message>
    <message>
        <source>the badge</source>
        <translation>bathodyn</translation>
    </message>
    <message>
        <source>the slip</source>
        <translation>slip</translation>
    </message>
    <message>
        <source>a badge</source>
        <translation>fathodyn</translation>
    </message>
    <message>
        <source>a slip</source>
        <translation>slip</translation>
    </message>
    <message>
        <source>Slip not printed yet: {0} It prints when the printer is back.</source>
        <translation>Slip heb ei argraffu eto: {0} Bydd yn argraffu pan fydd yr argraffydd yn ôl.</translation>
    </message>
</context>
<context>
    <name>GridWindow</name>
    <message>
        <source>Parked sessions</source>
        <translation>Sesiynau a barciwyd</translation>
    </message>
    <message>
        <source>Session grid — {0}</source>
        <translation>Grid y sesiynau — {0}</translation>
    </message>
    <message>
        <source>Session grid</source>
        <translation>Grid y sesiynau</translation>
    </message>
    <message>
        <source>Grid status</source>
        <translation>Statws y grid</translation>
    </message>
    <message>
        <source>New session title</source>
        <translation>Teitl y sesiwn newydd</translation>
    </message>
    <message>
        <source>A short title, about seven words</source>
        <translation>Teitl byr, tua saith gair</translation>
    </message>
    <message>
        <source>Convener</source>
        <translation>Cynullydd</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Ble</translation>
    </message>
    <message>
        <source>Print the sl&amp;ip</source>
        <translation>Argraffu’r sl&amp;ip</translation>
    </message>
    <message>
        <source>&amp;Add session</source>
        <translation>Ychwanegu s&amp;esiwn</translation>
    </message>
    <message>
        <source>Marketplace: new session</source>
        <translation>Marchnad: sesiwn newydd</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Teitl</translation>
    </message>
    <message>
        <source>C&amp;onvener</source>
        <translation>Cy&amp;nullydd</translation>
    </message>
    <message>
        <source>&amp;Where</source>
        <translation>&amp;Ble</translation>
    </message>
    <message>
        <source>Parked (drag onto the grid):</source>
        <translation>Wedi’u parcio (llusgwch i’r grid):</translation>
    </message>
    <message>
        <source>{0}, {1} to {2}</source>
        <translation>{0}, {1} i {2}</translation>
    </message>
    <message>
        <source>{0} placed, {1} parked</source>
        <translation>{0} yn eu lle, {1} wedi’u parcio</translation>
    </message>
    <message>
        <source>First free cell</source>
        <translation>Y gell rydd gyntaf</translation>
    </message>
    <message>
        <source>Park it for now</source>
        <translation>Ei pharcio am y tro</translation>
    </message>
    <message>
        <source>two</source>
        <translation>dwy</translation>
    </message>
    <message>
        <source>three</source>
        <translation>tair</translation>
    </message>
    <message>
        <source>four</source>
        <translation>pedair</translation>
    </message>
    <message>
        <source>1 clash to resolve: {0} sessions in {1} at {2}</source>
        <translation>1 gwrthdaro i’w ddatrys: {0} sesiwn yn {1} am {2}</translation>
    </message>
    <message>
        <source>{0} at {1}</source>
        <translation>{0} am {1}</translation>
    </message>
    <message>
        <source>{0} clashes to resolve: {1}</source>
        <translation>{0} gwrthdaro i’w datrys: {1}</translation>
    </message>
    <message>
        <source>Pinned session</source>
        <translation>Sesiwn wedi’i phinio</translation>
    </message>
    <message>
        <source>“{0}” is pinned. Move it anyway?</source>
        <translation>Mae “{0}” wedi’i phinio. Ei symud beth bynnag?</translation>
    </message>
    <message>
        <source>Parked “{0}”. Ctrl+Z puts it back.</source>
        <translation>Wedi parcio “{0}”. Mae Ctrl+Z yn ei rhoi’n ôl.</translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation>Dim byd i’w ddadwneud.</translation>
    </message>
    <message>
        <source>Undone: “{0}” is parked.</source>
        <translation>Wedi dadwneud: mae “{0}” wedi’i pharcio.</translation>
    </message>
    <message>
        <source>Undone: “{0}” is back where it was.</source>
        <translation>Wedi dadwneud: mae “{0}” yn ôl lle’r oedd hi.</translation>
    </message>
    <message>
        <source>Add a space</source>
        <translation>Ychwanegu gofod</translation>
    </message>
    <message>
        <source>Name of the space (a room, a corner, the garden):</source>
        <translation>Enw’r gofod (ystafell, cornel, yr ardd):</translation>
    </message>
    <message>
        <source>Added the space {0}.</source>
        <translation>Wedi ychwanegu’r gofod {0}.</translation>
    </message>
    <message>
        <source>Added the slot {0}–{1}.</source>
        <translation>Wedi ychwanegu’r slot {0}–{1}.</translation>
    </message>
    <message>
        <source>Select the session to move first.</source>
        <translation>Dewiswch y sesiwn i’w symud yn gyntaf.</translation>
    </message>
    <message>
        <source>(taken)</source>
        <translation>(yn llawn)</translation>
    </message>
    <message>
        <source>Move to</source>
        <translation>Symud i</translation>
    </message>
    <message>
        <source>Move the selected session to:</source>
        <translation>Symud y sesiwn a ddewiswyd i:</translation>
    </message>
    <message>
        <source>Select the session to merge first.</source>
        <translation>Dewiswch y sesiwn i’w huno yn gyntaf.</translation>
    </message>
    <message>
        <source>Merge into</source>
        <translation>Uno â</translation>
    </message>
    <message>
        <source>Merge the selected session into:</source>
        <translation>Uno’r sesiwn a ddewiswyd â:</translation>
    </message>
    <message>
        <source>Merged into “{0}”: both conveners kept.</source>
        <translation>Wedi uno â “{0}”: cadwyd y ddau gynullydd.</translation>
    </message>
    <message>
        <source>Grid, A4 landscape (PDF)</source>
        <translation>Grid, A4 tirlun (PDF)</translation>
    </message>
    <message>
        <source>Grid, A3 landscape (PDF)</source>
        <translation>Grid, A3 tirlun (PDF)</translation>
    </message>
    <message>
        <source>Door signs, one per space (PDF)</source>
        <translation>Arwyddion drysau, un i bob gofod (PDF)</translation>
    </message>
    <message>
        <source>Book of proceedings (PDF)</source>
        <translation>Llyfr y trafodion (PDF)</translation>
    </message>
    <message>
        <source>Grid as a list on the slips printer</source>
        <translation>Y grid fel rhestr ar argraffydd y slipiau</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Argraffu</translation>
    </message>
    <message>
        <source>What to print:</source>
        <translation>Beth i’w argraffu:</translation>
    </message>
    <message>
        <source>The grid list is queued for the slips printer.</source>
        <translation>Mae rhestr y grid yn y ciw ar gyfer argraffydd y slipiau.</translation>
    </message>
    <message>
        <source>Saved {0} — print it from there.</source>
        <translation>Wedi cadw {0} — argraffwch hi oddi yno.</translation>
    </message>
    <message>
        <source>Saved the report for “{0}”.</source>
        <translation>Wedi cadw’r adroddiad ar gyfer “{0}”.</translation>
    </message>
    <message>
        <source>Select the session whose report to write first.</source>
        <translation>Dewiswch y sesiwn y mae ei hadroddiad i’w ysgrifennu yn gyntaf.</translation>
    </message>
</context>
<context>
    <name>HubHostDialog</name>
    <message>
        <source>This laptop can be the hub for this event. Other laptops on the same network join it, and every desk sees every check-in. Keep this laptop on, with the desk open, while the others work.</source>
        <translation>Gall y gliniadur hwn fod yn hwb ar gyfer y digwyddiad hwn. Mae gliniaduron eraill ar yr un rhwydwaith yn ymuno ag ef, ac mae pob desg yn gweld pob cofrestriad. Cadwch y gliniadur hwn ymlaen, gyda’r ddesg ar agor, tra bo’r lleill yn gweithio.</translation>
    </message>
    <message>
        <source>If another laptop cannot reach this address: both laptops must be on the same network, and this laptop&apos;s firewall must let Event Kiosk accept connections (on Windows, allow it on private networks).</source>
        <translation>Os na all gliniadur arall gyrraedd y cyfeiriad hwn: rhaid i’r ddau liniadur fod ar yr un rhwydwaith, a rhaid i wal dân y gliniadur hwn adael i Event Kiosk dderbyn cysylltiadau (ar Windows, caniatewch hynny ar rwydweithiau preifat).</translation>
    </message>
    <message>
        <source>Share this event from this laptop</source>
        <translation>Rhannu’r digwyddiad hwn o’r gliniadur hwn</translation>
    </message>
    <message>
        <source>Sharing status</source>
        <translation>Statws rhannu</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>&amp;Start sharing</source>
        <translation>&amp;Dechrau rhannu</translation>
    </message>
    <message>
        <source>Start sharing this event from this laptop</source>
        <translation>Dechrau rhannu’r digwyddiad hwn o’r gliniadur hwn</translation>
    </message>
    <message>
        <source>S&amp;top sharing</source>
        <translation>&amp;Stopio rhannu</translation>
    </message>
    <message>
        <source>Stop sharing this event</source>
        <translation>Stopio rhannu’r digwyddiad hwn</translation>
    </message>
    <message>
        <source>Pair a new desk</source>
        <translation>Paru desg newydd</translation>
    </message>
    <message>
        <source>Pairing QR code</source>
        <translation>Cod QR paru</translation>
    </message>
    <message>
        <source>On the new laptop, choose “Join from a hub…”, then scan this QR code with the scanner or the camera. Or type the address, the code and the security check:</source>
        <translation>Ar y gliniadur newydd, dewiswch “Ymuno o hwb…”, yna sganiwch y cod QR hwn gyda’r sganiwr neu’r camera. Neu teipiwch y cyfeiriad, y cod a’r gwiriad diogelwch:</translation>
    </message>
    <message>
        <source>Security check</source>
        <translation>Gwiriad diogelwch</translation>
    </message>
    <message>
        <source>Security check to type</source>
        <translation>Gwiriad diogelwch i’w deipio</translation>
    </message>
    <message>
        <source>Address to type</source>
        <translation>Cyfeiriad i’w deipio</translation>
    </message>
    <message>
        <source>Pairing code to type</source>
        <translation>Cod paru i’w deipio</translation>
    </message>
    <message>
        <source>Who the code is for</source>
        <translation>I bwy mae’r cod</translation>
    </message>
    <message>
        <source>&amp;New code</source>
        <translation>Cod &amp;newydd</translation>
    </message>
    <message>
        <source>Make a new pairing code</source>
        <translation>Gwneud cod paru newydd</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Cyfeiriad</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Cod</translation>
    </message>
    <message>
        <source>Desks paired with this laptop</source>
        <translation>Desgiau wedi’u paru â’r gliniadur hwn</translation>
    </message>
    <message>
        <source>Desks paired</source>
        <translation>Desgiau wedi’u paru</translation>
    </message>
    <message>
        <source>Closing this window keeps sharing. Sharing stops when this desk closes.</source>
        <translation>Mae cau’r ffenestr hon yn dal i rannu. Mae’r rhannu’n stopio pan fydd y ddesg hon yn cau.</translation>
    </message>
    <message>
        <source>Not sharing.</source>
        <translation>Ddim yn rhannu.</translation>
    </message>
    <message>
        <source>Starting… this takes a few seconds.</source>
        <translation>Yn dechrau… mae hyn yn cymryd ychydig eiliadau.</translation>
    </message>
    <message>
        <source>Sharing the event this desk now shows…</source>
        <translation>Yn rhannu’r digwyddiad y mae’r ddesg hon yn ei ddangos nawr…</translation>
    </message>
    <message>
        <source>The hub could not start. Press Start sharing again; if it fails again, ask the organiser.</source>
        <translation>Nid oedd modd cychwyn yr hwb. Pwyswch Dechrau rhannu eto; os bydd yn methu eto, gofynnwch i’r trefnydd.</translation>
    </message>
    <message>
        <source>Not sharing. Desks paired with this laptop keep their work and send it when you start sharing again.</source>
        <translation>Ddim yn rhannu. Mae desgiau sydd wedi’u paru â’r gliniadur hwn yn cadw eu gwaith ac yn ei anfon pan fyddwch yn dechrau rhannu eto.</translation>
    </message>
    <message>
        <source>Sharing this event at {0}</source>
        <translation>Yn rhannu’r digwyddiad hwn yn {0}</translation>
    </message>
    <message>
        <source>This desk syncs with the hub at {0} now; if you start sharing, it syncs with this laptop instead.</source>
        <translation>Mae’r ddesg hon yn cysoni â’r hwb yn {0} nawr; os byddwch yn dechrau rhannu, bydd yn cysoni â’r gliniadur hwn yn lle hynny.</translation>
    </message>
    <message>
        <source>This desk works on its own until you start.</source>
        <translation>Mae’r ddesg hon yn gweithio ar ei phen ei hun nes i chi ddechrau.</translation>
    </message>
    <message>
        <source>This code is for {0}. It works once, until {1}.</source>
        <translation>Mae’r cod hwn ar gyfer {0}. Mae’n gweithio unwaith, tan {1}.</translation>
    </message>
    <message>
        <source>Not sharing: the hub stopped.</source>
        <translation>Ddim yn rhannu: stopiodd yr hwb.</translation>
    </message>
    <message>
        <source>Press Start sharing to share again.</source>
        <translation>Pwyswch Dechrau rhannu i rannu eto.</translation>
    </message>
    <message>
        <source>last in touch at {0}</source>
        <translation>cysylltiad diwethaf am {0}</translation>
    </message>
    <message>
        <source>not in touch yet</source>
        <translation>dim cysylltiad eto</translation>
    </message>
    <message>
        <source>(this laptop)</source>
        <translation>(y gliniadur hwn)</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>wedi’i thynnu</translation>
    </message>
    <message>
        <source>{0} joined.</source>
        <translation>Mae {0} wedi ymuno.</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import attendees</source>
        <translation>Mewnforio mynychwyr</translation>
    </message>
    <message>
        <source>Chosen file</source>
        <translation>Y ffeil a ddewiswyd</translation>
    </message>
    <message>
        <source>&amp;Choose file…</source>
        <translation>&amp;Dewis ffeil…</translation>
    </message>
    <message>
        <source>Choose file</source>
        <translation>Dewis ffeil</translation>
    </message>
    <message>
        <source>Choose a CSV or Excel file: an export from Eventbrite, Tito, pretix or Ticket Tailor, a sign-up form&apos;s responses, or any spreadsheet with a row of headings.</source>
        <translation>Dewiswch ffeil CSV neu Excel: allforiad o Eventbrite, Tito, pretix neu Ticket Tailor, ymatebion ffurflen gofrestru, neu unrhyw daenlen gyda rhes o benawdau.</translation>
    </message>
    <message>
        <source>What the file looks like</source>
        <translation>Sut mae’r ffeil yn edrych</translation>
    </message>
    <message>
        <source>Import summary</source>
        <translation>Crynodeb y mewnforio</translation>
    </message>
    <message>
        <source>Reading progress</source>
        <translation>Cynnydd y darllen</translation>
    </message>
    <message>
        <source>Rows with problems (skipped) and warnings:</source>
        <translation>Rhesi â phroblemau (wedi’u hepgor) a rhybuddion:</translation>
    </message>
    <message>
        <source>Row problems</source>
        <translation>Problemau rhesi</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Mewnforio</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>&amp;Cau</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Mewnforio</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Canslo</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cau</translation>
    </message>
    <message>
        <source>Choose the attendee list</source>
        <translation>Dewis y rhestr mynychwyr</translation>
    </message>
    <message>
        <source>Attendee lists (*.csv *.tsv *.txt *.xlsx);;All files (*)</source>
        <translation>Rhestrau mynychwyr (*.csv *.tsv *.txt *.xlsx);;Pob ffeil (*)</translation>
    </message>
    <message>
        <source>Reading {0}…</source>
        <translation>Yn darllen {0}…</translation>
    </message>
    <message>
        <source>Check what each column holds, then import.</source>
        <translation>Gwiriwch beth sydd ym mhob colofn, yna mewnforiwch.</translation>
    </message>
    <message>
        <source>These are the choices you made last time for a file with these headings.</source>
        <translation>Dyma’r dewisiadau a wnaethoch y tro diwethaf ar gyfer ffeil gyda’r penawdau hyn.</translation>
    </message>
    <message>
        <source>Checking the rows of {0}…</source>
        <translation>Yn gwirio rhesi {0}…</translation>
    </message>
    <message>
        <source>Checking the rows again with your choices…</source>
        <translation>Yn gwirio’r rhesi eto gyda’ch dewisiadau…</translation>
    </message>
    <message>
        <source>1 person in the file</source>
        <translation>1 person yn y ffeil</translation>
    </message>
    <message>
        <source>{0} people in the file</source>
        <translation>{0} o bobl yn y ffeil</translation>
    </message>
    <message>
        <source>{0} new, {1} updated, {2} unchanged</source>
        <translation>{0} newydd, {1} wedi’u diweddaru, {2} heb newid</translation>
    </message>
    <message>
        <source>{0} with problems, which will be skipped</source>
        <translation>{0} â phroblemau, a fydd yn cael eu hepgor</translation>
    </message>
    <message>
        <source>A ticket code will be made for 1 person</source>
        <translation>Bydd cod tocyn yn cael ei wneud ar gyfer 1 person</translation>
    </message>
    <message>
        <source>A ticket code will be made for {0} people</source>
        <translation>Bydd cod tocyn yn cael ei wneud ar gyfer {0} o bobl</translation>
    </message>
    <message>
        <source>Row {0}: {1}</source>
        <translation>Rhes {0}: {1}</translation>
    </message>
    <message>
        <source>Row {0}: warning: {1}</source>
        <translation>Rhes {0}: rhybudd: {1}</translation>
    </message>
    <message>
        <source>Importing… (check-ins go on meanwhile)</source>
        <translation>Yn mewnforio… (mae’r cofrestru’n parhau yn y cyfamser)</translation>
    </message>
    <message>
        <source>Imported {0}</source>
        <translation>Wedi mewnforio {0}</translation>
    </message>
    <message>
        <source>Cannot import: {0}</source>
        <translation>Ni ellir mewnforio: {0}</translation>
    </message>
</context>
<context>
    <name>JoinHubDialog</name>
    <message>
        <source>Join an event from a hub</source>
        <translation>Ymuno â digwyddiad o hwb</translation>
    </message>
    <message>
        <source>Join an event</source>
        <translation>Ymuno â digwyddiad</translation>
    </message>
    <message>
        <source>On the laptop sharing the event, open “Share this event from this laptop…”. Scan the QR code it shows with the scanner or the camera, or type the address, the code and the security check it shows.</source>
        <translation>Ar y gliniadur sy’n rhannu’r digwyddiad, agorwch “Rhannu’r digwyddiad hwn o’r gliniadur hwn…”. Sganiwch y cod QR y mae’n ei ddangos gyda’r sganiwr neu’r camera, neu teipiwch y cyfeiriad, y cod a’r gwiriad diogelwch y mae’n eu dangos.</translation>
    </message>
    <message>
        <source>Scan with the &amp;camera</source>
        <translation>Sganio gyda’r &amp;camera</translation>
    </message>
    <message>
        <source>Scan the pairing QR code with the camera</source>
        <translation>Sganio’r cod QR paru gyda’r camera</translation>
    </message>
</context>
<context>
    <name>MappingStep</name>
    <message>
        <source>Ticket code</source>
        <translation>Cod tocyn</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Enw cyntaf</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Cyfenw</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Enw llawn</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-bost</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Sefydliad</translation>
    </message>
    <message>
        <source>Job title</source>
        <translation>Teitl swydd</translation>
    </message>
    <message>
        <source>Pronouns</source>
        <translation>Rhagenwau</translation>
    </message>
    <message>
        <source>Ticket type</source>
        <translation>Math o docyn</translation>
    </message>
    <message>
        <source>Booking reference</source>
        <translation>Cyfeirnod archeb</translation>
    </message>
    <message>
        <source>Ticket status</source>
        <translation>Statws y tocyn</translation>
    </message>
    <message>
        <source>Access needs</source>
        <translation>Anghenion mynediad</translation>
    </message>
    <message>
        <source>Dietary needs</source>
        <translation>Anghenion deiet</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Nodiadau</translation>
    </message>
    <message>
        <source>In person or online</source>
        <translation>Yn bersonol neu ar-lein</translation>
    </message>
    <message>
        <source>Other detail (kept as it is)</source>
        <translation>Manylyn arall (wedi’i gadw fel y mae)</translation>
    </message>
    <message>
        <source>Not imported</source>
        <translation>Heb ei fewnforio</translation>
    </message>
    <message>
        <source>Columns in your file</source>
        <translation>Colofnau yn eich ffeil</translation>
    </message>
    <message>
        <source>Ticket codes</source>
        <translation>Codau tocyn</translation>
    </message>
    <message>
        <source>&amp;Also save the codes as a list for a mail merge (CSV: code, name, email)</source>
        <translation>Cadw’r codau hefyd fel &amp;rhestr ar gyfer cyfuno post (CSV: cod, enw, e-bost)</translation>
    </message>
    <message>
        <source>Also save the codes for a mail merge</source>
        <translation>Cadw’r codau hefyd ar gyfer cyfuno post</translation>
    </message>
    <message>
        <source>Column in your file</source>
        <translation>Colofn yn eich ffeil</translation>
    </message>
    <message>
        <source>Import as</source>
        <translation>Mewnforio fel</translation>
    </message>
    <message>
        <source>Example {0}</source>
        <translation>Enghraifft {0}</translation>
    </message>
    <message>
        <source>(column {0}, no heading)</source>
        <translation>(colofn {0}, dim pennawd)</translation>
    </message>
    <message>
        <source>Import column “{0}” as</source>
        <translation>Mewnforio colofn “{0}” fel</translation>
    </message>
    <message>
        <source>The {0} column looks like your ticket codes: it will be read as the ticket code. Change it if not.</source>
        <translation>Mae’r golofn {0} yn edrych fel eich codau tocyn: bydd yn cael ei darllen fel y cod tocyn. Newidiwch hyn os nad yw’n gywir.</translation>
    </message>
    <message>
        <source>No column is read as Ticket code, so the app will make a code for each person and write their tickets (a PDF with a QR code and name for each person) to print or send. Importing this list again gives everyone the same code.</source>
        <translation>Does dim colofn yn cael ei darllen fel Cod tocyn, felly bydd yr ap yn gwneud cod i bob person ac yn ysgrifennu eu tocynnau (PDF gyda chod QR ac enw i bob person) i’w hargraffu neu eu hanfon. Mae mewnforio’r rhestr hon eto yn rhoi’r un cod i bawb.</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <source>&amp;Event</source>
        <translation>&amp;Digwyddiad</translation>
    </message>
    <message>
        <source>&amp;Check-in</source>
        <translation>&amp;Cofrestru</translation>
    </message>
    <message>
        <source>&amp;Print</source>
        <translation>&amp;Argraffu</translation>
    </message>
    <message>
        <source>&amp;Grid</source>
        <translation>G&amp;rid</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Gweld</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>C&amp;ymorth</translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation>&amp;Sesiwn</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Camau gweithredu</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Iaith</translation>
    </message>
</context>
<context>
    <name>NetworkPrinterDialog</name>
    <message>
        <source>Add a network thermal printer</source>
        <translation>Ychwanegu argraffydd thermol ar y rhwydwaith</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Enw</translation>
    </message>
    <message>
        <source>Printer name</source>
        <translation>Enw’r argraffydd</translation>
    </message>
    <message>
        <source>&amp;Address</source>
        <translation>&amp;Cyfeiriad</translation>
    </message>
    <message>
        <source>Printer address (IP or host name)</source>
        <translation>Cyfeiriad yr argraffydd (IP neu enw gwesteiwr)</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Porth</translation>
    </message>
    <message>
        <source>&amp;Port</source>
        <translation>&amp;Porth</translation>
    </message>
    <message>
        <source>Printer model</source>
        <translation>Model yr argraffydd</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Model</translation>
    </message>
    <message>
        <source>Give the printer a name and an address such as 192.168.1.50.</source>
        <translation>Rhowch enw i’r argraffydd a chyfeiriad fel 192.168.1.50.</translation>
    </message>
</context>
<context>
    <name>NewEventDialog</name>
    <message>
        <source>New event</source>
        <translation>Digwyddiad newydd</translation>
    </message>
    <message>
        <source>Event &amp;name</source>
        <translation>&amp;Enw’r digwyddiad</translation>
    </message>
    <message>
        <source>Event name</source>
        <translation>Enw’r digwyddiad</translation>
    </message>
    <message>
        <source>Event date</source>
        <translation>Dyddiad y digwyddiad</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>&amp;Dyddiad</translation>
    </message>
    <message>
        <source>&amp;Venue</source>
        <translation>&amp;Lleoliad</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Lleoliad</translation>
    </message>
    <message>
        <source>Give the event a name.</source>
        <translation>Rhowch enw i’r digwyddiad.</translation>
    </message>
</context>
<context>
    <name>NotArrivedDialog</name>
    <message>
        <source>All ticket types</source>
        <translation>Pob math o docyn</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Enw</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Sefydliad</translation>
    </message>
    <message>
        <source>Ticket type</source>
        <translation>Math o docyn</translation>
    </message>
    <message>
        <source>Booking ref</source>
        <translation>Cyfeirnod archeb</translation>
    </message>
    <message>
        <source>Joining</source>
        <translation>Yn ymuno</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>Yn bersonol</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Ar-lein</translation>
    </message>
    <message>
        <source>In person and online</source>
        <translation>Yn bersonol ac ar-lein</translation>
    </message>
    <message>
        <source>Not yet arrived</source>
        <translation>Heb gyrraedd eto</translation>
    </message>
    <message>
        <source>&amp;Ticket type:</source>
        <translation>&amp;Math o docyn:</translation>
    </message>
    <message>
        <source>How many have not arrived</source>
        <translation>Faint sydd heb gyrraedd</translation>
    </message>
    <message>
        <source>People expected in person who have not checked in</source>
        <translation>Pobl a ddisgwylir yn bersonol sydd heb gofrestru</translation>
    </message>
    <message>
        <source>Cancelled on the &amp;day (Delete)</source>
        <translation>Wedi canslo ar y &amp;diwrnod (Delete)</translation>
    </message>
    <message>
        <source>Cancelled on the day</source>
        <translation>Wedi canslo ar y diwrnod</translation>
    </message>
    <message>
        <source>They told us they are not coming: take them off the list (Delete)</source>
        <translation>Maen nhw wedi dweud nad ydyn nhw’n dod: eu tynnu oddi ar y rhestr (Delete)</translation>
    </message>
    <message>
        <source>&amp;Undo cancellation (Ctrl+Z)</source>
        <translation>Dad&amp;wneud y canslo (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Undo cancellation</source>
        <translation>Dadwneud y canslo</translation>
    </message>
    <message>
        <source>&amp;Check in (Enter)</source>
        <translation>&amp;Cofrestru (Enter)</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>Cofrestru</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cau</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>Y newid diwethaf</translation>
    </message>
    <message>
        <source>1 person has not arrived yet</source>
        <translation>Mae 1 person heb gyrraedd eto</translation>
    </message>
    <message>
        <source>{0} people have not arrived yet</source>
        <translation>Mae {0} o bobl heb gyrraedd eto</translation>
    </message>
    <message>
        <source>Not changed: {0}</source>
        <translation>Heb ei newid: {0}</translation>
    </message>
    <message>
        <source>{0}: cancelled on the day, no longer expected. Ctrl+Z puts them back.</source>
        <translation>{0}: wedi canslo ar y diwrnod, ddim i’w disgwyl mwyach. Mae Ctrl+Z yn eu rhoi’n ôl.</translation>
    </message>
    <message>
        <source>{0}: expected again (cancellation undone).</source>
        <translation>{0}: i’w disgwyl eto (canslo wedi’i ddadwneud).</translation>
    </message>
</context>
<context>
    <name>NoticesPanel</name>
    <message>
        <source>ticket {0}</source>
        <translation>tocyn {0}</translation>
    </message>
    <message>
        <source>{0} checked themselves in at the kiosk ({1}).</source>
        <translation>Cofrestrodd {0} eu hunain wrth y ciosg ({1}).</translation>
    </message>
    <message>
        <source>Notices for staff</source>
        <translation>Hysbysiadau i’r staff</translation>
    </message>
    <message>
        <source>Notice for staff</source>
        <translation>Hysbysiad i’r staff</translation>
    </message>
    <message>
        <source>{0} notices for staff</source>
        <translation>{0} hysbysiad i’r staff</translation>
    </message>
    <message>
        <source>and {0} more: acknowledge these to see them</source>
        <translation>a {0} arall: cydnabyddwch y rhain i’w gweld</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Cydnabod</translation>
    </message>
    <message>
        <source>Acknowledge the notice about {0}</source>
        <translation>Cydnabod yr hysbysiad am {0}</translation>
    </message>
    <message>
        <source>I have seen to this: take it off every desk</source>
        <translation>Rydw i wedi delio â hyn: ei dynnu oddi ar bob desg</translation>
    </message>
    <message>
        <source>The notice could not be marked as seen: {0}</source>
        <translation>Nid oedd modd nodi bod yr hysbysiad wedi’i weld: {0}</translation>
    </message>
</context>
<context>
    <name>PairingForm</name>
    <message>
        <source>Pair with a hub</source>
        <translation>Paru â hwb</translation>
    </message>
    <message>
        <source>Ask the organiser running the hub for a pairing code for this desk. Scan its QR code with the scanner or camera now, or type the hub&apos;s address and the code (and the security check, from a laptop sharing its event).</source>
        <translation>Gofynnwch i’r trefnydd sy’n rhedeg yr hwb am god paru ar gyfer y ddesg hon. Sganiwch ei god QR gyda’r sganiwr neu’r camera nawr, neu teipiwch gyfeiriad yr hwb a’r cod (a’r gwiriad diogelwch, o liniadur sy’n rhannu ei ddigwyddiad).</translation>
    </message>
    <message>
        <source>Security check</source>
        <translation>Gwiriad diogelwch</translation>
    </message>
    <message>
        <source>Security check:</source>
        <translation>Gwiriad diogelwch:</translation>
    </message>
    <message>
        <source>from a sharing laptop: the 16 letters and digits under its code</source>
        <translation>o liniadur sy’n rhannu: yr 16 llythyren a digid o dan ei god</translation>
    </message>
    <message>
        <source>Hub address to pair with</source>
        <translation>Cyfeiriad yr hwb i baru ag ef</translation>
    </message>
    <message>
        <source>scan the QR code, or type K7QM-3XPD-HW9R</source>
        <translation>sganiwch y cod QR, neu teipiwch K7QM-3XPD-HW9R</translation>
    </message>
    <message>
        <source>Pairing code</source>
        <translation>Cod paru</translation>
    </message>
    <message>
        <source>only for an HTTPS hub with its own certificate</source>
        <translation>dim ond ar gyfer hwb HTTPS gyda’i dystysgrif ei hun</translation>
    </message>
    <message>
        <source>CA certificate file</source>
        <translation>Ffeil tystysgrif CA</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Pori…</translation>
    </message>
    <message>
        <source>Choose the CA certificate file</source>
        <translation>Dewis y ffeil tystysgrif CA</translation>
    </message>
    <message>
        <source>&amp;Pair</source>
        <translation>&amp;Paru</translation>
    </message>
    <message>
        <source>Pair with this hub</source>
        <translation>Paru â’r hwb hwn</translation>
    </message>
    <message>
        <source>Pairing result</source>
        <translation>Canlyniad y paru</translation>
    </message>
    <message>
        <source>Hub address:</source>
        <translation>Cyfeiriad yr hwb:</translation>
    </message>
    <message>
        <source>Pairing code:</source>
        <translation>Cod paru:</translation>
    </message>
    <message>
        <source>CA certificate:</source>
        <translation>Tystysgrif CA:</translation>
    </message>
    <message>
        <source>Not paired: {0}</source>
        <translation>Heb baru: {0}</translation>
    </message>
    <message>
        <source>Pairing code scanned. Press Pair to join this hub.</source>
        <translation>Cod paru wedi’i sganio. Pwyswch Paru i ymuno â’r hwb hwn.</translation>
    </message>
    <message>
        <source>The hub&apos;s CA certificate</source>
        <translation>Tystysgrif CA yr hwb</translation>
    </message>
    <message>
        <source>Type the address the sharing laptop shows, for example 192.168.1.20:8787, or scan its QR code.</source>
        <translation>Teipiwch y cyfeiriad y mae’r gliniadur sy’n rhannu yn ei ddangos, er enghraifft 192.168.1.20:8787, neu sganiwch ei god QR.</translation>
    </message>
    <message>
        <source>Not paired: {0} is not a CA certificate. Choose the .pem or .crt file the organiser gave you.</source>
        <translation>Heb baru: nid tystysgrif CA yw {0}. Dewiswch y ffeil .pem neu .crt a roddodd y trefnydd i chi.</translation>
    </message>
    <message>
        <source>Not paired: the CA certificate file {0} could not be opened. Check its name with Browse…, or leave the box empty for a hub without one.</source>
        <translation>Heb baru: nid oedd modd agor ffeil y dystysgrif CA {0}. Gwiriwch ei henw gyda Pori…, neu gadewch y blwch yn wag ar gyfer hwb heb un.</translation>
    </message>
    <message>
        <source>Pairing…</source>
        <translation>Yn paru…</translation>
    </message>
    <message>
        <source>Paired as {0} for event {1}; {2} operations downloaded.</source>
        <translation>Wedi paru fel {0} ar gyfer digwyddiad {1}; {2} gweithred wedi’u llwytho i lawr.</translation>
    </message>
    <message>
        <source>This laptop&apos;s own event “{0}” was left as it was: it was never shared, and the hub&apos;s is another one.</source>
        <translation>Cafodd digwyddiad y gliniadur hwn ei hun, “{0}”, ei adael fel yr oedd: ni chafodd ei rannu erioed, ac un arall yw un yr hyb.</translation>
    </message>
    <message>
        <source>Not paired</source>
        <translation>Heb baru</translation>
    </message>
</context>
<context>
    <name>PrePrintDialog</name>
    <message>
        <source>Pre-print badges</source>
        <translation>Rhag-argraffu bathodynnau</translation>
    </message>
    <message>
        <source>Only badges &amp;not printed yet</source>
        <translation>Dim ond bathodynnau sydd &amp;heb eu hargraffu eto</translation>
    </message>
    <message>
        <source>&amp;All badges</source>
        <translation>&amp;Pob bathodyn</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>Cynllun</translation>
    </message>
    <message>
        <source>Save the PDF as</source>
        <translation>Cadw’r PDF fel</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>Po&amp;ri…</translation>
    </message>
    <message>
        <source>&amp;Mark these badges as printed (desks will ask before printing them again)</source>
        <translation>&amp;Nodi bod y bathodynnau hyn wedi’u hargraffu (bydd desgiau’n gofyn cyn eu hargraffu eto)</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Cynnydd</translation>
    </message>
    <message>
        <source>Pre-print status</source>
        <translation>Statws y rhag-argraffu</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Dechrau</translation>
    </message>
    <message>
        <source>&amp;Layout</source>
        <translation>&amp;Cynllun</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>Cadw fel</translation>
    </message>
    <message>
        <source>Save badges as</source>
        <translation>Cadw’r bathodynnau fel</translation>
    </message>
    <message>
        <source>Drawing badges…</source>
        <translation>Yn llunio’r bathodynnau…</translation>
    </message>
    <message>
        <source>{0} of {1} badges drawn…</source>
        <translation>{0} o {1} bathodyn wedi’u llunio…</translation>
    </message>
    <message>
        <source>Not done: {0}</source>
        <translation>Heb ei wneud: {0}</translation>
    </message>
    <message>
        <source>{0} badges saved to {1}.</source>
        <translation>{0} bathodyn wedi’u cadw yn {1}.</translation>
    </message>
    <message>
        <source>No badges to print: every badge has been printed.</source>
        <translation>Dim bathodynnau i’w hargraffu: mae pob bathodyn wedi’i argraffu.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cau</translation>
    </message>
</context>
<context>
    <name>PrintNotice</name>
    <message>
        <source>Printing</source>
        <translation>Argraffu</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>Ag&amp;or</translation>
    </message>
    <message>
        <source>Open the saved badge</source>
        <translation>Agor y bathodyn a gadwyd</translation>
    </message>
    <message>
        <source>{0} saved to {1}</source>
        <translation>{0} wedi’i gadw yn {1}</translation>
    </message>
    <message>
        <source>{0} printed on {1}</source>
        <translation>{0} wedi’i argraffu ar {1}</translation>
    </message>
</context>
<context>
    <name>PrinterBanner</name>
    <message>
        <source>Printer problem</source>
        <translation>Problem gyda’r argraffydd</translation>
    </message>
    <message>
        <source>Re&amp;try</source>
        <translation>Rhoi cynnig &amp;eto</translation>
    </message>
    <message>
        <source>Use &amp;another printer…</source>
        <translation>Defnyddio argraffydd ara&amp;ll…</translation>
    </message>
    <message>
        <source>Save as PD&amp;F</source>
        <translation>Cadw fel PD&amp;F</translation>
    </message>
</context>
<context>
    <name>PrinterWords</name>
    <message>
        <source>{name} stopped part way through a badge: check whether it printed.</source>
        <translation>Stopiodd {name} hanner ffordd drwy fathodyn: gwiriwch a gafodd ei argraffu.</translation>
    </message>
    <message>
        <source>{name} cannot save the badge: the folder is full or cannot be written to.</source>
        <translation>Ni all {name} gadw’r bathodyn: mae’r ffolder yn llawn neu ni ellir ysgrifennu iddo.</translation>
    </message>
    <message>
        <source>{name} says: {said}.</source>
        <translation>Mae {name} yn dweud: {said}.</translation>
    </message>
    <message>
        <source>{name} answered but did not take the badge: check it has paper and is ready.</source>
        <translation>Atebodd {name} ond ni chymerodd y bathodyn: gwiriwch fod ganddo bapur a’i fod yn barod.</translation>
    </message>
    <message>
        <source>{name} needs attention: check its paper and that its cover is closed.</source>
        <translation>Mae angen sylw ar {name}: gwiriwch ei bapur a bod ei glawr ar gau.</translation>
    </message>
    <message>
        <source>{name} refused the badge: check it is ready, or choose another printer.</source>
        <translation>Gwrthododd {name} y bathodyn: gwiriwch ei fod yn barod, neu dewiswch argraffydd arall.</translation>
    </message>
    <message>
        <source>{name} is not answering: check it is switched on and connected.</source>
        <translation>Nid yw {name} yn ateb: gwiriwch ei fod wedi’i droi ymlaen a’i gysylltu.</translation>
    </message>
    <message>
        <source>{name} cannot be found on this laptop: choose another printer.</source>
        <translation>Nid oes modd dod o hyd i {name} ar y gliniadur hwn: dewiswch argraffydd arall.</translation>
    </message>
    <message>
        <source>{name} cannot print this kind of badge: choose another printer.</source>
        <translation>Ni all {name} argraffu’r math hwn o fathodyn: dewiswch argraffydd arall.</translation>
    </message>
    <message>
        <source>The printer “{0}”</source>
        <translation>yr argraffydd “{0}”</translation>
    </message>
    <message>
        <source>The printer</source>
        <translation>yr argraffydd</translation>
    </message>
    <message>
        <source>{name} could not print the badge.</source>
        <translation>Nid oedd {name} yn gallu argraffu’r bathodyn.</translation>
    </message>
</context>
<context>
    <name>PrintersDialog</name>
    <message>
        <source>Printers</source>
        <translation>Argraffwyr</translation>
    </message>
    <message>
        <source>Printer status</source>
        <translation>Statws yr argraffydd</translation>
    </message>
    <message>
        <source>System printers</source>
        <translation>Argraffwyr y system</translation>
    </message>
    <message>
        <source>Add &amp;network printer…</source>
        <translation>Ychwanegu argraffydd &amp;rhwydwaith…</translation>
    </message>
    <message>
        <source>Add &amp;system printer</source>
        <translation>Ychwanegu argraffydd &amp;system</translation>
    </message>
    <message>
        <source>Use for &amp;badges</source>
        <translation>Defnyddio ar gyfer &amp;bathodynnau</translation>
    </message>
    <message>
        <source>Use for s&amp;lips</source>
        <translation>Defnyddio ar gyfer s&amp;lipiau</translation>
    </message>
    <message>
        <source>Print &amp;test badge</source>
        <translation>Argraffu bathodyn &amp;prawf</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Tynnu</translation>
    </message>
    <message>
        <source>System printers found:</source>
        <translation>Argraffwyr system a ganfuwyd:</translation>
    </message>
    <message>
        <source>badges</source>
        <translation>bathodynnau</translation>
    </message>
    <message>
        <source>slips</source>
        <translation>slipiau</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Wedi’i gadw.</translation>
    </message>
    <message>
        <source>Printing a test badge on {0}…</source>
        <translation>Yn argraffu bathodyn prawf ar {0}…</translation>
    </message>
    <message>
        <source>Test badge printed ({0}).</source>
        <translation>Bathodyn prawf wedi’i argraffu ({0}).</translation>
    </message>
    <message>
        <source>Test failed: {0}</source>
        <translation>Methodd y prawf: {0}</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>Iawn</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Canslo</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cau</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Ie</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Na</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Cadw</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Agor</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Rhoi ar waith</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Cymorth</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Rhoi cynnig arall</translation>
    </message>
</context>
<context>
    <name>ResultPanel</name>
    <message>
        <source>Notice not saved</source>
        <translation>Hysbysiad heb ei gadw</translation>
    </message>
    <message>
        <source>Could not record the check-in</source>
        <translation>Nid oedd modd cofnodi’r cofrestriad</translation>
    </message>
    <message>
        <source>Could not undo</source>
        <translation>Nid oedd modd dadwneud</translation>
    </message>
    <message>
        <source>Could not register the walk-in</source>
        <translation>Nid oedd modd cofrestru’r person heb archebu</translation>
    </message>
    <message>
        <source>Could not save the correction</source>
        <translation>Nid oedd modd cadw’r cywiriad</translation>
    </message>
    <message>
        <source>Import your attendee list (Ctrl+I) to check people in by ticket or name.</source>
        <translation>Mewnforiwch eich rhestr mynychwyr (Ctrl+I) i gofrestru pobl yn ôl tocyn neu enw.</translation>
    </message>
    <message>
        <source>Walk-ins can be registered at any time (Ctrl+N).</source>
        <translation>Gellir cofrestru pobl heb archebu ar unrhyw adeg (Ctrl+N).</translation>
    </message>
    <message>
        <source>Ready to scan</source>
        <translation>Yn barod i sganio</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>Wedi cofrestru</translation>
    </message>
    <message>
        <source>Already checked in</source>
        <translation>Wedi cofrestru’n barod</translation>
    </message>
    <message>
        <source>Unknown ticket</source>
        <translation>Tocyn anhysbys</translation>
    </message>
    <message>
        <source>Void ticket</source>
        <translation>Tocyn annilys</translation>
    </message>
    <message>
        <source>Not a ticket code</source>
        <translation>Nid cod tocyn yw hwn</translation>
    </message>
    <message>
        <source>Check-in undone</source>
        <translation>Cofrestru wedi’i ddadwneud</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Not checked in yet</source>
        <translation>Heb gofrestru eto</translation>
    </message>
    <message>
        <source>No attendees yet</source>
        <translation>Dim mynychwyr eto</translation>
    </message>
    <message>
        <source>Registered to join online — admit in person?</source>
        <translation>Wedi archebu i ymuno ar-lein — derbyn yn bersonol?</translation>
    </message>
    <message>
        <source>Scan a ticket, or search by name.</source>
        <translation>Sganiwch docyn, neu chwiliwch yn ôl enw.</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>Ddim eto</translation>
    </message>
    <message>
        <source>Admitted twice: {0}</source>
        <translation>Derbyniwyd ddwywaith: {0}</translation>
    </message>
    <message>
        <source>Admitted {0} times: {1}</source>
        <translation>Derbyniwyd {0} gwaith: {1}</translation>
    </message>
    <message>
        <source>Scanned a web link, not a ticket of this event.</source>
        <translation>Sganiwyd dolen i wefan, nid tocyn ar gyfer y digwyddiad hwn.</translation>
    </message>
    <message>
        <source>Scanned a web link to {0}, not a ticket of this event.</source>
        <translation>Sganiwyd dolen i {0}, nid tocyn ar gyfer y digwyddiad hwn.</translation>
    </message>
    <message>
        <source>Scanned code: {0}</source>
        <translation>Cod a sganiwyd: {0}</translation>
    </message>
    <message>
        <source>Already checked in at {0} on {1}</source>
        <translation>Wedi cofrestru’n barod am {0} ar {1}</translation>
    </message>
    <message>
        <source>Search by name, or register a walk-in.</source>
        <translation>Chwiliwch yn ôl enw, neu cofrestrwch y person heb archebu.</translation>
    </message>
    <message>
        <source>No ticket with this code in this event. Search by name, or register a walk-in.</source>
        <translation>Does dim tocyn gyda’r cod hwn yn y digwyddiad hwn. Chwiliwch yn ôl enw, neu cofrestrwch y person heb archebu.</translation>
    </message>
    <message>
        <source>The scan was not a ticket code. Scan again, or search by name.</source>
        <translation>Nid cod tocyn oedd y sgan. Sganiwch eto, neu chwiliwch yn ôl enw.</translation>
    </message>
    <message>
        <source>This ticket is {0}. Send to the help desk.</source>
        <translation>Statws y tocyn hwn: {0}. Anfonwch y person at y ddesg gymorth.</translation>
    </message>
    <message>
        <source>They booked to take part online, so they are not expected at the venue.</source>
        <translation>Fe wnaethon nhw archebu i gymryd rhan ar-lein, felly does dim disgwyl iddyn nhw fod yn y lleoliad.</translation>
    </message>
    <message>
        <source>To let them in, press {0} or Admit in person.</source>
        <translation>I’w derbyn, pwyswch {0} neu Derbyn yn bersonol.</translation>
    </message>
    <message>
        <source>Ticket {0}: send to the help desk</source>
        <translation>Tocyn {0}: anfonwch at y ddesg gymorth</translation>
    </message>
    <message>
        <source>Checked in at {0} on {1}</source>
        <translation>Wedi cofrestru am {0} ar {1}</translation>
    </message>
    <message>
        <source>Not checked in yet: press Enter to check in</source>
        <translation>Heb gofrestru eto: pwyswch Enter i gofrestru</translation>
    </message>
    <message>
        <source>Access: {0}</source>
        <translation>Mynediad: {0}</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>dilys</translation>
    </message>
    <message>
        <source>void</source>
        <translation>annilys</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>wedi’i ganslo</translation>
    </message>
    <message>
        <source>Admit in person ({0})</source>
        <translation>Derbyn yn bersonol ({0})</translation>
    </message>
    <message>
        <source>Admit in person</source>
        <translation>Derbyn yn bersonol</translation>
    </message>
    <message>
        <source>Scan result</source>
        <translation>Canlyniad y sgan</translation>
    </message>
    <message>
        <source>Result symbol</source>
        <translation>Symbol y canlyniad</translation>
    </message>
    <message>
        <source>Access needs</source>
        <translation>Anghenion mynediad</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Search name, email, organisation or booking ref (Ctrl+F)</source>
        <translation>Chwilio enw, e-bost, sefydliad neu gyfeirnod archeb (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search attendees</source>
        <translation>Chwilio’r mynychwyr</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Canlyniadau’r chwilio</translation>
    </message>
    <message>
        <source>Preparing search…</source>
        <translation>Yn paratoi’r chwilio…</translation>
    </message>
    <message>
        <source>checked in</source>
        <translation>wedi cofrestru</translation>
    </message>
    <message>
        <source>not checked in</source>
        <translation>heb gofrestru</translation>
    </message>
</context>
<context>
    <name>SessionDialog</name>
    <message>
        <source>Edit session</source>
        <translation>Golygu’r sesiwn</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Teitl</translation>
    </message>
    <message>
        <source>Session title</source>
        <translation>Teitl y sesiwn</translation>
    </message>
    <message>
        <source>&amp;Conveners (comma-separated)</source>
        <translation>&amp;Cynullwyr (wedi’u gwahanu gan atalnodau)</translation>
    </message>
    <message>
        <source>Conveners</source>
        <translation>Cynullwyr</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>&amp;Disgrifiad</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Disgrifiad</translation>
    </message>
    <message>
        <source>&amp;Pinned (not moved by bulk changes)</source>
        <translation>Wedi’i &amp;phinio (nid yw newidiadau swmp yn ei symud)</translation>
    </message>
</context>
<context>
    <name>SessionList</name>
    <message>
        <source>PINNED</source>
        <translation>WEDI’I PHINIO</translation>
    </message>
    <message>
        <source>report in</source>
        <translation>adroddiad i mewn</translation>
    </message>
    <message>
        <source>(pinned)</source>
        <translation>(wedi’i phinio)</translation>
    </message>
    <message>
        <source>(report written)</source>
        <translation>(adroddiad wedi’i ysgrifennu)</translation>
    </message>
    <message>
        <source>{0}, convened by {1}</source>
        <translation>{0}, wedi’i chynnull gan {1}</translation>
    </message>
    <message>
        <source>pinned</source>
        <translation>wedi’i phinio</translation>
    </message>
    <message>
        <source>report written</source>
        <translation>adroddiad wedi’i ysgrifennu</translation>
    </message>
    <message>
        <source>Clash: {0} sessions in this cell</source>
        <translation>Gwrthdaro: {0} sesiwn yn y gell hon</translation>
    </message>
    <message>
        <source>⚠ Clash: {0} sessions</source>
        <translation>⚠ Gwrthdaro: {0} sesiwn</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>Egwyl</translation>
    </message>
</context>
<context>
    <name>SessionReportDialog</name>
    <message>
        <source>Session report: {0}</source>
        <translation>Adroddiad y sesiwn: {0}</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sesiwn</translation>
    </message>
    <message>
        <source>&amp;Participants (how many took part)</source>
        <translation>&amp;Cyfranogwyr (faint gymerodd ran)</translation>
    </message>
    <message>
        <source>Participants</source>
        <translation>Cyfranogwyr</translation>
    </message>
    <message>
        <source>Key points</source>
        <translation>Pwyntiau allweddol</translation>
    </message>
    <message>
        <source>&amp;Key points</source>
        <translation>&amp;Pwyntiau allweddol</translation>
    </message>
    <message>
        <source>What will happen</source>
        <translation>Beth fydd yn digwydd</translation>
    </message>
    <message>
        <source>Who will do it</source>
        <translation>Pwy fydd yn ei wneud</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Camau gweithredu</translation>
    </message>
    <message>
        <source>Add another action (Alt+N)</source>
        <translation>Ychwanegu cam arall (Alt+N)</translation>
    </message>
    <message>
        <source>People to involve, one a line</source>
        <translation>Pobl i’w cynnwys, un ar bob llinell</translation>
    </message>
    <message>
        <source>People to &amp;involve
(one a line)</source>
        <translation>Pobl i’w c&amp;ynnwys
(un ar bob llinell)</translation>
    </message>
    <message>
        <source>&amp;Save report</source>
        <translation>Cadw’r &amp;adroddiad</translation>
    </message>
    <message>
        <source>not placed</source>
        <translation>heb ei gosod</translation>
    </message>
    <message>
        <source>Action {0}</source>
        <translation>Cam {0}</translation>
    </message>
    <message>
        <source>Owner of action {0}</source>
        <translation>Perchennog cam {0}</translation>
    </message>
    <message>
        <source>“{0}” was merged into this session: its report goes here.</source>
        <translation>Cafodd “{0}” ei huno â’r sesiwn hon: mae ei hadroddiad yn mynd yma.</translation>
    </message>
    <message>
        <source>Session not found</source>
        <translation>Dim sesiwn wedi’i chanfod</translation>
    </message>
    <message>
        <source>This slip is for session {0}, which is not in this event&apos;s grid. Check the slip is from today&apos;s event.</source>
        <translation>Mae’r slip hwn ar gyfer sesiwn {0}, nad yw yng ngrid y digwyddiad hwn. Gwiriwch fod y slip o ddigwyddiad heddiw.</translation>
    </message>
    <message>
        <source>Could not open the report</source>
        <translation>Nid oedd modd agor yr adroddiad</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Never (print from the attendee panel)</source>
        <translation>Byth (argraffu o banel y mynychwr)</translation>
    </message>
    <message>
        <source>On first check-in only</source>
        <translation>Wrth gofrestru’r tro cyntaf yn unig</translation>
    </message>
    <message>
        <source>On every check-in</source>
        <translation>Bob tro y bydd rhywun yn cofrestru</translation>
    </message>
    <message>
        <source>Desk settings</source>
        <translation>Gosodiadau’r ddesg</translation>
    </message>
    <message>
        <source>Desk &amp;name</source>
        <translation>&amp;Enw’r ddesg</translation>
    </message>
    <message>
        <source>Desk name</source>
        <translation>Enw’r ddesg</translation>
    </message>
    <message>
        <source>Shown with every check-in made here, e.g. “Desk 2”.</source>
        <translation>Yn cael ei ddangos gyda phob cofrestriad a wneir yma, e.e. “Desg 2”.</translation>
    </message>
    <message>
        <source>Language of the desk</source>
        <translation>Iaith y ddesg</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Iaith</translation>
    </message>
    <message>
        <source>Scanner: max &amp;gap between keys (ms)</source>
        <translation>Sganiwr: &amp;bwlch mwyaf rhwng bysellau (ms)</translation>
    </message>
    <message>
        <source>Scanner: &amp;shortest code (characters)</source>
        <translation>Sganiwr: &amp;cod byrraf (nodau)</translation>
    </message>
    <message>
        <source>Scanner: end of code after a &amp;pause of (ms)</source>
        <translation>Sganiwr: diwedd y cod ar ôl &amp;saib o (ms)</translation>
    </message>
    <message>
        <source>Print the badge automatically</source>
        <translation>Argraffu’r bathodyn yn awtomatig</translation>
    </message>
    <message>
        <source>&amp;Print badge automatically</source>
        <translation>&amp;Argraffu bathodyn yn awtomatig</translation>
    </message>
    <message>
        <source>&amp;Mute the outcome sounds</source>
        <translation>&amp;Tewi synau’r canlyniad</translation>
    </message>
    <message>
        <source>Mute the outcome sounds</source>
        <translation>Tewi synau’r canlyniad</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>No camera</source>
        <translation>Dim camera</translation>
    </message>
    <message>
        <source>Not connected ({0})</source>
        <translation>Heb ei gysylltu ({0})</translation>
    </message>
    <message>
        <source>&amp;Camera</source>
        <translation>Ca&amp;mera</translation>
    </message>
    <message>
        <source>Mi&amp;rror the camera preview (for a camera facing you)</source>
        <translation>Adlewyrchu &amp;rhagolwg y camera (ar gyfer camera sy’n eich wynebu)</translation>
    </message>
    <message>
        <source>Mirror the camera preview</source>
        <translation>Adlewyrchu rhagolwg y camera</translation>
    </message>
    <message>
        <source>A desk name is 1 to 60 characters.</source>
        <translation>Mae enw desg rhwng 1 a 60 nod.</translation>
    </message>
    <message>
        <source>The end-of-code pause must be longer than the gap between keys.</source>
        <translation>Rhaid i’r saib ar ddiwedd y cod fod yn hirach na’r bwlch rhwng bysellau.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Bysellau byr</translation>
    </message>
    <message>
        <source>Shortcuts</source>
        <translation>Bysellau byr</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Bysellau</translation>
    </message>
    <message>
        <source>What it does</source>
        <translation>Beth mae’n ei wneud</translation>
    </message>
</context>
<context>
    <name>SlotDialog</name>
    <message>
        <source>Add a slot</source>
        <translation>Ychwanegu slot</translation>
    </message>
    <message>
        <source>&amp;Starts (HH:MM)</source>
        <translation>&amp;Dechrau (HH:MM)</translation>
    </message>
    <message>
        <source>Start time</source>
        <translation>Amser dechrau</translation>
    </message>
    <message>
        <source>&amp;Ends (HH:MM)</source>
        <translation>&amp;Gorffen (HH:MM)</translation>
    </message>
    <message>
        <source>End time</source>
        <translation>Amser gorffen</translation>
    </message>
    <message>
        <source>&amp;Label</source>
        <translation>&amp;Label</translation>
    </message>
    <message>
        <source>Label (e.g. Lunch)</source>
        <translation>Label (e.e. Cinio)</translation>
    </message>
    <message>
        <source>A &amp;break: it holds no sessions</source>
        <translation>&amp;Egwyl: does dim sesiynau ynddi</translation>
    </message>
    <message>
        <source>A slot must end after it starts.</source>
        <translation>Rhaid i slot orffen ar ôl iddo ddechrau.</translation>
    </message>
</context>
<context>
    <name>StatsPanel</name>
    <message>
        <source>Checked in of expected</source>
        <translation>Wedi cofrestru o’r rhai a ddisgwylir</translation>
    </message>
    <message>
        <source>Checked in by ticket type</source>
        <translation>Wedi cofrestru yn ôl math o docyn</translation>
    </message>
    <message>
        <source>Not arrived, cancelled and online</source>
        <translation>Heb gyrraedd, wedi canslo ac ar-lein</translation>
    </message>
    <message>
        <source>{0} of {1} checked in</source>
        <translation>{0} o {1} wedi cofrestru</translation>
    </message>
    <message>
        <source>Not arrived yet: {0}</source>
        <translation>Heb gyrraedd eto: {0}</translation>
    </message>
    <message>
        <source>cancelled: {0}</source>
        <translation>wedi canslo: {0}</translation>
    </message>
    <message>
        <source>online only (not expected here): {0}</source>
        <translation>ar-lein yn unig (ddim i’w disgwyl yma): {0}</translation>
    </message>
    <message>
        <source>(Ctrl+Shift+N lists them)</source>
        <translation>(mae Ctrl+Shift+N yn eu rhestru)</translation>
    </message>
    <message>
        <source>{0}: {1} of {2}</source>
        <translation>{0}: {1} o {2}</translation>
    </message>
    <message>
        <source>No ticket type</source>
        <translation>Dim math o docyn</translation>
    </message>
</context>
<context>
    <name>SyncDialog</name>
    <message>
        <source>Sync with the organisers&apos; hub</source>
        <translation>Cysoni â hwb y trefnwyr</translation>
    </message>
    <message>
        <source>Sync status</source>
        <translation>Statws cysoni</translation>
    </message>
    <message>
        <source>This laptop</source>
        <translation>Y gliniadur hwn</translation>
    </message>
    <message>
        <source>not paired: this laptop works on its own</source>
        <translation>heb baru: mae’r gliniadur hwn yn gweithio ar ei ben ei hun</translation>
    </message>
    <message>
        <source>Hub address</source>
        <translation>Cyfeiriad yr hwb</translation>
    </message>
    <message>
        <source>Hub:</source>
        <translation>Hwb:</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Dyfais:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Statws:</translation>
    </message>
    <message>
        <source>Sync &amp;now</source>
        <translation>Cysoni &amp;nawr</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Cysoni nawr</translation>
    </message>
    <message>
        <source>&amp;Unpair…</source>
        <translation>&amp;Dadbaru…</translation>
    </message>
    <message>
        <source>Unpair from the hub</source>
        <translation>Dadbaru o’r hwb</translation>
    </message>
    <message>
        <source>{0} operation(s) recorded here have not reached the hub yet. They stay on this laptop and are sent when it is paired again.</source>
        <translation>Nid yw {0} gweithred a gofnodwyd yma wedi cyrraedd yr hwb eto. Maen nhw’n aros ar y gliniadur hwn ac yn cael eu hanfon pan fydd wedi’i baru eto.</translation>
    </message>
    <message>
        <source>Unpair this laptop?</source>
        <translation>Dadbaru’r gliniadur hwn?</translation>
    </message>
    <message>
        <source>Stop syncing with {0}?</source>
        <translation>Rhoi’r gorau i gysoni â {0}?</translation>
    </message>
    <message>
        <source>Unpaired. This laptop now works alone.</source>
        <translation>Wedi dadbaru. Mae’r gliniadur hwn bellach yn gweithio ar ei ben ei hun.</translation>
    </message>
</context>
<context>
    <name>WalkInDialog</name>
    <message>
        <source>Register a walk-in</source>
        <translation>Cofrestru rhywun heb archebu</translation>
    </message>
    <message>
        <source>&amp;First name</source>
        <translation>&amp;Enw cyntaf</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Enw cyntaf</translation>
    </message>
    <message>
        <source>&amp;Last name</source>
        <translation>&amp;Cyfenw</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Cyfenw</translation>
    </message>
    <message>
        <source>&amp;Organisation</source>
        <translation>&amp;Sefydliad</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Sefydliad</translation>
    </message>
    <message>
        <source>&amp;Email</source>
        <translation>E-&amp;bost</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-bost</translation>
    </message>
    <message>
        <source>Ticket type</source>
        <translation>Math o docyn</translation>
    </message>
    <message>
        <source>&amp;Ticket type</source>
        <translation>&amp;Math o docyn</translation>
    </message>
    <message>
        <source>A walk-in needs a first or last name.</source>
        <translation>Mae angen enw cyntaf neu gyfenw ar rywun heb archebu.</translation>
    </message>
</context>
<context>
    <name>_DonePanel</name>
    <message>
        <source>Tickets written</source>
        <translation>Tocynnau wedi’u hysgrifennu</translation>
    </message>
    <message>
        <source>&amp;Open the tickets</source>
        <translation>&amp;Agor y tocynnau</translation>
    </message>
    <message>
        <source>Open the tickets</source>
        <translation>Agor y tocynnau</translation>
    </message>
    <message>
        <source>Open the &amp;codes list</source>
        <translation>Agor rhestr y c&amp;odau</translation>
    </message>
    <message>
        <source>Open the codes list</source>
        <translation>Agor rhestr y codau</translation>
    </message>
    <message>
        <source>The list had no ticket codes, so the app made one for the 1 person. Their ticket (a QR code and name, to print or send) is saved in:
{0}</source>
        <translation>Doedd dim codau tocyn yn y rhestr, felly gwnaeth yr ap un ar gyfer yr 1 person. Mae ei docyn (cod QR ac enw, i’w argraffu neu ei anfon) wedi’i gadw yn:
{0}</translation>
    </message>
    <message>
        <source>The list had no ticket codes, so the app made one for each of the {0} people. Their tickets (a QR code and name each, to print or send) are saved in:
{1}</source>
        <translation>Doedd dim codau tocyn yn y rhestr, felly gwnaeth yr ap un ar gyfer pob un o’r {0} o bobl. Mae eu tocynnau (cod QR ac enw i bob un, i’w hargraffu neu eu hanfon) wedi’u cadw yn:
{1}</translation>
    </message>
    <message>
        <source>The codes for a mail merge (code, name and email) are saved in:
{0}</source>
        <translation>Mae’r codau ar gyfer cyfuno post (cod, enw ac e-bost) wedi’u cadw yn:
{0}</translation>
    </message>
</context>
<context>
    <name>_Form</name>
    <message>
        <source>Form error</source>
        <translation>Gwall yn y ffurflen</translation>
    </message>
</context>
<context>
    <name>_ImportWorker</name>
    <message>
        <source>this file could not be read as a list of attendees</source>
        <translation>nid oedd modd darllen y ffeil hon fel rhestr o fynychwyr</translation>
    </message>
    <message>
        <source>Writing the tickets of {0} people…</source>
        <translation>Yn ysgrifennu tocynnau {0} o bobl…</translation>
    </message>
    <message>
        <source>the attendees were imported, but their tickets could not be written ({0}). Import the file again to write them.</source>
        <translation>cafodd y mynychwyr eu mewnforio, ond nid oedd modd ysgrifennu eu tocynnau ({0}). Mewnforiwch y ffeil eto i’w hysgrifennu.</translation>
    </message>
    <message>
        <source>the import stopped before it finished; what was written is kept, and importing the file again completes it</source>
        <translation>stopiodd y mewnforio cyn gorffen; mae’r hyn a ysgrifennwyd yn cael ei gadw, ac mae mewnforio’r ffeil eto yn ei gwblhau</translation>
    </message>
</context>
</TS>

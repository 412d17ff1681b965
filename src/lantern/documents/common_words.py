"""Ordinary English words, for the name check (lantern.documents.namecheck).

A name part that is also one of these words ("Young", "Hall", "Green", "Adult") is
flagged only where it is used as a name; any other name part is flagged wherever it
appears as a word. Shipped with the code: the check never fetches a list at run time.

The list is the commonest English words (function words, numbers, everyday nouns,
verbs and adjectives) plus the ordinary words that are also common British surnames
or first names. A word missing from here only makes the check stricter, never looser.
"""

_WORDS = """
a about above across act action actually add address adult adults after again against
age ago agree ahead air all allow almost alone along already also although always am
among an and angel animal annual another answer any anyone anything apart appear april
are area arm around arrive art as ask at august autumn avenue away baby back bad bag
baker ball band bank banks bar barber base basic be bear beat beautiful because become
bed been before began begin behind being believe bell below best better between big
bill bird birch bishop black blue board boat body bond book born both bottom bowl box
boy branch bread break bridge bright bring brook brooks brother brown build building
burn bush business busy but butcher butler buy by call came camp can car card care
carry carter case cast catch cause centre certain chair chamber chance change chapel
chapman charge cheap check child children choose church city class clean clear close
clue coat cold cole colour come common company cook cooper corner cost could count
country course court cover cox crane cross crown cry cup cut dale dark date daughter
dawn day dead deal dean dear death decide deep demo describe design did die different
dike do doctor does dog done door down draw dream dress drink drive drop during duke
each early earth east easy eat edge eight either else end english enough even evening
ever every example eye face fact fair faith fall family far farm farmer fast father
fear feel fell few field fields fifteen fifty figure fill final find fine finish fire
first fish fisher five fletcher floor flower fly follow food foot for force ford forest
form forward four fowler fox free friday friend from front frost full game garden gate
gave general get gift girl give glass go god gold golden good got grace grand grant
gray great green grey ground group grove grow guard had hair half hall hand hands happy
hard harm hart has have he head hear heart heath held help her here herd high hill him
his history hold hole holiday home hope horse hot house how however human hundred hunt
hunter hurt i ice idea if ill in inch include inside into iron is island it its ivy
jack job join joy judge july jump june just keen keep kept key kid kind king kite knight
know lady lake lamb land lane language large last late law lay lead learn least leave
left leg less let letter level lie life light like line lion list listen little live
lock long look lord lot love low lower made main major make man many march mark market
marsh mason master may me mean meet member middle might mile mill miller mind minute
miss monday money month moon moore more morning most mother move much music must my
name near need never new news next nice night nine no noble north not note nothing now
number of off offer office often oil old on once one only open or order other our out
over own page paint paper park parker part party pass past pay peace pearl people per
person pick piece pike place plain plan plant play please point pole pool poor porter
post pound power press price prince problem program pull put queen question quick quite
rain rank ray read ready real reason red reed rest rice rich ride right ring rise river
rivers road rock roll room rose round row rule run sad safe said sale salt same sand
saturday save saw say school sea season second see seem sell send sense serve set seven
shall shape sharp she shepherd ship shore short should show side sign silver simple
since sing single sister sit six size sky sleep slow small smart snow so some son song
soon sound south space speak spring square stand star start state station stay steel
step still stone stop story street strong such summer sun sunday sure swan sweet table
take talk taylor tell ten test than that the their them then there these they thing
think third thirty this those though three through thursday time tiny to today together
told too took top toward town tree true tuesday turn turner two type under until up upon
us use very view voice wait walk walker wall want war ward warm was watch water waters
way we weather wednesday week well wells were west what when where which while white
who whole why wide wild will win wind winter wise wish with wood woods word work world
would wright write year yes yet you young your
april august june may
"""

COMMON_WORDS: frozenset[str] = frozenset(_WORDS.split())

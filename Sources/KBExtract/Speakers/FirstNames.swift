import KBModel
import KBMarkdown
/// Common given names, lowercase: a title segment that opens with one is read as a person even when
/// the notes never repeat the name. Not exhaustive; unknown names need support from the notes.
enum FirstNames {
    static let all: Set<String> = {
        let text = """
        aaron abby abdul abe abigail abraham adam adrian adrienne agnes ahmed aidan aileen aisha al alan albert alberto alec alex
        alexa alexander alexandra alexis alfred ali alice alicia alison allan allen alma amanda amber amelia amir amit amy ana
        anand andre andrea andreas andrew andy angela angelina angus anil anita ann anna anne annie anthony anton antonio april
        arjun arnold art arthur arun ash ashley audrey austin ava avi barbara barry bart ben benedict benjamin bernard bernie
        beth bethany betty bill billy blake bob bobby boris brad bradley brandon brenda brendan brent brett brian bridget brooke
        bruce bruno bryan byron caleb calvin cameron camille carl carla carlos carmen carol caroline carrie casey catherine cathy
        cecilia cedric chad charles charlie charlotte chase chen cheryl chloe chris christian christina christine christopher
        chuck cindy claire clara clark claude claudia clay clayton cliff clifford clint colin connor conor craig cristina
        curtis cynthia daisy dale dan dana daniel danielle danny dario darius darren dave david dean debbie deborah demis
        denis dennis derek desmond diana diane dick diego dimitri dina dmitri dominic don donald donna doris doug douglas dov
        drew duncan dustin dwight dylan earl ed eddie edgar edith edmund eduardo edward edwin eileen elaine eleanor elena eli
        elias elijah elizabeth ella ellen elliot elliott eloise emily emma emmanuel eric erica erik erin ernest esther ethan
        eugene eva evan eve evelyn ezra fabian faith farah fatima felix fernando fiona florence frances francesca francis
        francisco francois frank franklin fred freddie frederick gabriel gabriela gail garett garrett gary gavin gene geoff
        geoffrey george georgia gerald gerard gina giovanni gladys glen glenn gloria gordon grace graham grant greg gregory
        gus gustav guy hal hamid hannah hans harold harriet harry harvey hassan hazel heather hector heidi helen helena henry
        herbert holden holly howard hugh hugo ian ibrahim ida igor ilya imran ingrid irene iris isaac isabel isabella isaiah
        ivan jack jackie jacob jacqueline jake james jamie jan jane janet janice jared jason jasper javier jay jean jeff
        jeffrey jen jennifer jenny jeremy jerome jerry jesse jessica jill jim jimmy jo joan joanna joanne joe joel johann
        johanna john johnny jon jonah jonathan jordan jorge jose joseph josh joshua joy joyce juan judith judy julia julian
        julie julius june justin kai kamala karen karim karl kate katherine kathleen kathryn katie kay keith kelly ken kenneth
        kevin khalid kim kirk kit kristen kurt kyle lana lance larry lars laura lauren lawrence lee leo leon leonard leopold
        leslie lewis liam lily linda lindsay lisa liz logan lois lorenzo louis louise lucas lucy luis luke lydia lynn mac
        madeleine maggie malcolm manuel marc marcel marco marcus margaret maria marie marilyn mario marion mark marsha marshall
        martha martin marvin mary mason mathew matt matthew maureen max maxwell maya megan mei melanie melissa meredith
        michael michel michelle miguel mike mikhail miles milton mira miranda mitchell mohammed mohammad molly monica morgan
        moses muhammad murray nadia nancy naomi nat natalie nathan nathaniel neal neil nelson nicholas nick nicola nicole
        nigel nikita nina noah noam noel nora norman oliver olivia omar oscar owen pablo pamela paola pat patricia patrick
        paul paula pauline pedro peggy penelope percy peter phil philip phillip phoebe pierre priya rachel rafael rahul raj
        ralph ramon randall randy raphael ravi ray raymond rebecca reed reggie reid rene rex ricardo richard rick ricky rita
        rob robert roberto robin rod rodney roger roland ron ronald rosa rose ross roy ruby rudy russell ruth ryan sally sam
        samantha samuel sandra sara sarah satya saul scott sean sebastian sergei sergey seth shane shannon sharon shaun shawn
        sheila shirley sidney simon sofia sonia sophia sophie stacy stan stanley stefan stella stephanie stephen steve steven
        stuart sue susan suzanne sven sylvia tamara tanya tara ted teresa terence terry thea theo theodore thomas tim timothy
        tina toby todd tom tommy tony tracy travis trevor tristan troy tyler uri valentina valerie vanessa vera veronica victor
        victoria vikram vince vincent viktor violet virginia vitalik vivian vladimir walter wang wanda warren wayne wei wendy
        wesley will william willie wilson xavier yann yasmin yuri yusuf yves zach zachary zoe
        """
        return Set(text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }()
}

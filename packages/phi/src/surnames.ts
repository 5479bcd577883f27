// Common family names of many communities (Chinese, Vietnamese, Korean, Japanese, South Asian,
// Arabic, Persian, Turkish, African, Slavic, French-Canadian, Latin American, Portuguese, Irish).
// Written for this project. A capitalized word next to one of these reads as a full name in the
// same patient contexts as a listed first name ("Liang Chen", surname-first "Zhang Wei"). Surnames
// that are ordinary English words ("Young", "King", "Long", "Song", "Do", "He") are left out.
const LIST = `
smith johnson williams garcia rodriguez martinez hernandez lopez gonzalez perez sanchez ramirez
torres flores rivera gomez diaz reyes morales cruz ortiz gutierrez chavez ramos ruiz alvarez
mendoza castillo jimenez moreno romero herrera medina aguilar vargas castro
nguyen tran pham hoang phan dang bui ngo duong huynh truong vo dinh
chen wang zhang liu yang huang zhao wu zhou xu sun zhu hu guo lin luo zheng liang xie tang han
feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su lu ding ren shen
yao cui zhong tan lam wong chan cheung leung ho ng chow chu yip tsang kwok
kim park choi jung kang cho yoon jang lim shin kwon hwang ahn seo
sato suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato yoshida yamada sasaki
yamaguchi matsumoto inoue kimura hayashi shimizu
patel shah singh kaur sharma kumar gupta reddy rao iyer nair menon pillai das bose chatterjee
mukherjee banerjee ghosh joshi desai mehta jain agarwal verma mishra pandey chaudhary sandhu
gill dhillon grewal sidhu brar
khan ahmed hussain rahman hossain chowdhury siddiqui qureshi malik sheikh haddad khoury nasser
saleh mansour hamdan aziz karimi hosseini ahmadi rezaei mohammadi yilmaz kaya demir sahin celik
okafor okonkwo adeyemi adebayo okoro nwosu eze mensah owusu asante boateng kamau otieno mwangi
ochieng abdi mohamud tesfaye
kowalski nowak wisniewski wojcik kowalczyk kaminski lewandowski zielinski ivanov petrov smirnov
kuznetsov popov sokolov volkov kovalenko shevchenko bondarenko melnyk
tremblay gagnon côté bouchard gauthier morin lavoie fortin gagné ouellet pelletier bélanger
lévesque bergeron leblanc girard simard boucher
silva santos oliveira souza pereira ferreira costa rodrigues almeida fernandes
murphy kelly walsh byrne ryan
`;

export const SURNAMES: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter(Boolean));

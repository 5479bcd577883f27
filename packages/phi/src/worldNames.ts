// Common given names from communities Canadian and US hospitals serve that the English lists
// (stdlib, names common in English-speaking countries) lack: recent English names ("Aiden"), South Asian, Arabic, Persian, Turkish,
// East and Southeast Asian, African, Slavic, Greek, Latin American, Irish, Māori and Pacific,
// and accented French and Spanish spellings. Written for this project; words that are also
// ordinary English words or clinical abbreviations ("Hung", "Mere", "AMA", "Nam") are left out.
const WORLD_NAMES = `
priya anjali deepak sanjay arjun aarav aditya kavya divya pooja neha sunita rajesh manoj vijay
harpreet gurpreet jaspreet manpreet simran navdeep amandeep baljit sukhwinder kiran arun ashok
nikhil rakesh sandeep shreya ananya ishaan krishna meera nisha parvati sita gita amit rohan rahul
vikram suresh ramesh ganesh lakshmi rajinder balwinder kulwinder harjit jasbir paramjit sukhdeep
siddharth siddhartha aravind arvind karthik rohit varun gaurav pranav abhishek akash ankit ankur
manish mukesh naveen pankaj rajiv sachin sameer sanjeev saurabh tarun vivek aarti deepa jyoti
kavita nandini preeti rekha ritu shalini shweta swati usha vandana
anil sunil prakash venkatesh srinivas lalitha padma shanti savitri kamala aishwarya tanvi riya
ahmad mohamed mohammad muhammed mahmoud mustafa mostafa hassan hussain hossein karim khalid khaled
tariq yusuf yousef youssef ibrahim ismail hamza bilal samir nabil walid rashid faisal jamal amir
reza mehdi farid fatima fatemeh aisha ayesha zainab zahra maryam mariam leila yasmin yasmine
noura amira salma huda rania dalia farah samira hiba soraya shirin parisa negin mehmet emre burak
elif zeynep ayse fatma esra merve ozlem kemal ahmet murat hakan serkan tolga abdullah abdul
abdulrahman osman othman suleiman sulaiman idris anwar imran irfan asif arif nadia nasrin
wei jing ying xiaoming xiao hui ling jian qing xin yun zhiwei xiaoling meiling haruto sota yuto
hiroshi takeshi kenji yuki akira satoshi kazuo hiroko yoko keiko yumiko akiko naoko sakura haruka
kaito daiki shota ichiro kenta masato takashi yoshiko noriko emiko tomoko makoto minjun seojun
jiho jiwoo seoyeon jiyeon hyun jisoo soojin minji eunji hyejin jihoon sungmin donghyun youngsoo
jaehyun minh linh huong thao trang tuan duc quang phuong thanh nguyet hoa anh khanh hieu thuy
cuong trinh oanh
oluwaseun olumide adebayo adewale ayodele babatunde chidi chinedu chioma chiamaka ngozi nkechi
obinna emeka ifeanyi uchenna folasade funmilayo yetunde temitope tunde femi kemi kwame kwabena
kofi kojo akosua abena efua thabo thandiwe sipho nomvula lerato zanele themba bongani amani baraka
wanjiru wanjiku njeri kamau otieno achieng akinyi makena abebe tesfaye alemu selam hirut mekdes
dawit haile fatou aminata mamadou ousmane ibrahima moussa aissatou cheikh seydou
svetlana natasha tatiana oksana yulia yuliya irina ekaterina anastasia dmitry sergei sergey
alexei andrei vladimir nikolai mikhail yuri pavel oleg igor bogdan taras mykola olena kateryna
agnieszka katarzyna malgorzata magdalena krzysztof tomasz piotr pawel wojciech lukasz jakub zofia
jelena dragan goran georgios dimitrios konstantinos eleni
mateo santiago alejandro diego javier joaquin jorge luis carlos miguel rafael guadalupe ximena
valentina camila mariana daniela gabriela alejandra fernanda paola yesenia marisol rocio consuelo
joao thiago tiago gustavo rodrigo leandro vinicius raimundo
niamh aoife saoirse caoimhe ciara orla roisin sinead grainne eoin cian oisin padraig seamus
ruairi tadhg donal diarmuid ailbhe mairead
aroha wiremu hemi ngaio anahera rawiri manaia keala kalani leilani makoa
françois josée hélène stéphane sébastien étienne geneviève rené réjean benoît andré josé lucía
maría joão zoë chloé noémie amélie élodie mélanie frédéric jérôme cédric valérie cécile aurélie
océane gaëlle raphaël loïc maël inès zoé ghislain mireille sylvie chantal nathalie mathieu
aiden aidan jayden brayden kayden jaxon nevaeh aaliyah latoya keisha deshawn tyrese imani jaylen malik
shanice shaniqua lakisha tamika ebony jamar darius marquis dashawn tameka esperanza
`;

export const WORLD_FIRST_NAMES: readonly string[] = WORLD_NAMES.split(/\s+/).filter(Boolean);

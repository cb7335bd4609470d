"""Word lists for the structure-preserving anonymizer (anonymize.py).

SAFE words are kept in any capitalization: section headings and labels in several
languages, month names, "present"-type words, technology names, field-code keywords.
COMMON words are kept when written in lower case (and, capitalized, only at the start
of a sentence): function words and common resume verbs/nouns.  Everything else that
is made of letters is replaced by an invented word of the same shape.
"""

_HEADINGS = """
experience experiences work working professional employment history career summary
profile objective objectives education educational academic skills skill projects project
client clients role roles responsibilities responsibility environment environments duration
technologies technology technical achievements accomplishments certifications certification
certificates certificate languages language publications publication research teaching
awards award honors honours interests interest hobbies references reference contact
contacts volunteer volunteering internship internships activities activity courses course
coursework qualifications qualification competencies competency core key tools tool
frameworks framework databases database platforms platform operating systems system
description details detail team size company position title location period from to
present current currently now ongoing today date dates duties tasks highlights overview
personal information info about me additional other relevant selected related expertise
strengths training trainings workshops conferences presentations talks grants funding
service leadership extracurricular affiliations memberships membership portfolio links
software hardware methodologies methodology domain domains area areas field fields
employer designation organization organisation organisations organizations designer
responsibilities: tech stack stacks programming languages frontend backend cloud devops
testing tools: version control ide ides others misc miscellaneous phone email e mail
mobile address linkedin github website web nationality birth gender marital status
born declaration place signature name degree major minor gpa cgpa percentage grade
university college school institute board year years month months
berufserfahrung erfahrung berufliche beruflicher werdegang ausbildung studium schulbildung
kenntnisse fähigkeiten sprachen projekte projekt praktikum praktika persönliche daten
angaben zur person lebenslauf interessen hobbys tätigkeiten tätigkeit aufgaben
verantwortlichkeiten verantwortung heute seit bis qualifikationen weiterbildung
zertifikate kontakt sonstiges fachkenntnisse edv softwarekenntnisse sprachkenntnisse
kompetenzen werkstudent position arbeitgeber zeitraum deutsch englisch französisch
spanisch muttersprache grundkenntnisse fließend gut sehr
computerkenntnisse it-kenntnisse edv-kenntnisse pc-kenntnisse praxiserfahrung projekterfahrung
berufspraxis auslandserfahrung arbeitserfahrung schulausbildung hochschulausbildung
опыт работы образование навыки проекты обо мне контакты языки сертификаты курсы
достижения обязанности профессиональный опыт ключевые профиль интересы
expérience expériences professionnelle professionnelles professionnel formation formations
compétences competences projets projet langues centres intérêt intérêts loisirs éducation
stage stages présent aujourd hui actuel actuellement cursus diplômes diplôme
informatique techniques outils environnement missions mission réalisations poste
entreprise profil objectif coordonnées français anglais espagnol allemand
experiencia experiencias laboral laborales profesional educación formación académica
habilidades proyectos proyecto idiomas actualidad presente actual perfil estudios
conocimientos cursos logros responsabilidades tecnologías herramientas datos personales
referencias certificaciones empresa cargo puesto funciones español inglés
esperienza esperienze lavorativa lavorative professionale istruzione competenze progetti
progetto lingue oggi attuale capacità studi formazione
experiência profissional acadêmica académica competências projetos projeto atual
atualmente cursos idiomas habilidades objetivo resumo informações
werkervaring ervaring opleiding opleidingen vaardigheden projecten talen heden huidig
cv vitae curriculum resume résumé resumé
esperienza esperienze lavorativa lavorative accademiche accademica formazione conoscenza
conoscenze lingue lingua straniere straniera competenze caratteristiche interessi soggetto
luogo data nascita nazionalità residenza indirizzo telefono cellulare patente istruzione
naam adres postcode woonplaats mobiel telefoon geboortedatum geboorteplaats nationaliteit
werkervaring opleidingen opleiding hobby's hobby personalia taalvaardigheid
computervaardigheden bijkomende informatie periode functie werkgever heden taal spreken
schrijven lezen rijbewijs vaardigheden profiel
datos personales objetivo profesional formación formacion académica academica experiencia
profesional laboral habilidades idiomas cursos certificaciones certificados perfil
educación educacion estudios cursados capacitación complementaria objetivos institución
título período periodo labor realizada referencias dirección teléfono nombre completo
correo electrónico fecha nacimiento nacionalidad estado civil aptitudes contacto dni
competências formação acadêmica experiência informações adicionais contatos telefone
endereço escolaridade
"""

_MONTHS = """
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
januar februar märz maerz mai juni juli oktober dezember mär mrz okt dez
janvier février fevrier mars avril juin juillet août aout septembre octobre novembre
décembre decembre janv févr fevr avr juil déc
enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre
diciembre ene abr ago dic
gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre genn magg giu
lug sett ott
janeiro fevereiro março abril maio junho julho setembro outubro novembro dezembro fev
set out
januari februari maart mei augustus mrt
monday tuesday wednesday thursday friday saturday sunday
spring summer fall autumn winter
"""

_PRESENT = """
present current now today ongoing heute aktuell derzeit jetzt présent present
aujourd'hui actuel actuelle actualidad actual presente hoy attuale oggi atual
atualmente hoje heden nu
"""

_TECH = """
java python javascript typescript c c++ c# cpp csharp go golang rust ruby rails php perl
scala kotlin swift objective-c dart r matlab julia lua haskell elixir erlang clojure
groovy bash shell powershell sql nosql pl/sql plsql t-sql tsql html html5 css css3 sass
scss less xml json yaml graphql rest restful soap grpc api apis sdk jdk jre jvm
aws azure gcp google cloud amazon microsoft oracle ibm sap salesforce servicenow
kubernetes k8s docker podman openshift helm terraform ansible puppet chef vagrant
jenkins gitlab github bitbucket git svn subversion maven gradle ant npm yarn webpack
babel vite react reactjs react.js redux angular angularjs vue vuejs vue.js svelte next
next.js nextjs nuxt node node.js nodejs express express.js nestjs django flask fastapi
spring springboot boot hibernate jpa struts jsf jsp servlets servlet ejb jms jdbc
junit mockito testng selenium cucumber cypress playwright jest mocha chai pytest
postman soapui jmeter loadrunner jira confluence trello slack teams sharepoint
mysql postgresql postgres sqlite mongodb cassandra redis elasticsearch kibana logstash
elk splunk grafana prometheus datadog dynatrace newrelic nagios zabbix kafka rabbitmq
activemq mq spark pyspark hadoop hdfs hive pig sqoop flume oozie hbase impala presto
trino airflow nifi databricks snowflake redshift bigquery synapse teradata informatica
talend ssis ssrs ssas tableau power bi powerbi looker qlik qlikview excel vba word
powerpoint outlook access visio office windows linux unix ubuntu centos redhat rhel debian
macos ios android xcode swiftui flutter xamarin ionic cordova unity unreal opencv
tensorflow pytorch keras scikit-learn sklearn pandas numpy scipy matplotlib seaborn
nltk spacy huggingface transformers llm llms openai gpt chatgpt langchain ml ai nlp
dl cv mlops devops devsecops ci cd ci/cd sre agile scrum kanban safe waterfall tdd bdd
ec2 s3 lambda rds dynamodb cloudformation cloudwatch iam vpc eks ecs fargate sns sqs
glue athena emr kinesis sagemaker route53 cloudfront api-gateway aks adf blob cosmos
functions bigtable pubsub dataflow dataproc gke firebase heroku netlify vercel
nginx apache tomcat jboss wildfly weblogic websphere iis microservices soa mvc mvvm
oop uml bpmn etl elt olap oltp erp crm sap abap hana fiori s/4hana tcp/ip http https
dns ssl tls oauth oauth2 jwt saml ldap sso vmware hyper-v citrix cisco juniper
arduino raspberry pi verilog vhdl fpga labview autocad solidworks catia ansys revit
photoshop illustrator indesign figma sketch xd premiere blender maya latex markdown
wordpress drupal joomla magento shopify woocommerce bootstrap tailwind jquery ajax
d3 d3.js three.js chart.js highcharts rxjs ngrx mobx graphql apollo prisma sequelize
mongoose typeorm entity .net dotnet asp asp.net mvc wpf winforms wcf linq blazor
xamarin vb vb.net cobol fortran pascal delphi assembly mainframe jcl cics db2 vsam
sonarqube nexus artifactory argo argocd flux istio envoy consul vault packer
opentelemetry jaeger zipkin fluentd graylog pagerduty opsgenie servicenow remedy
itil pmp cissp ccna ccnp mcse comptia aws-certified scrum-master csm psm
soc pci hipaa gdpr sox iso nist owasp burp nessus wireshark metasploit nmap kali
qa uat sit api rest crud ui ux ux/ui ui/ux seo sem crm sdlc stlc ssdlc ide vscode
eclipse intellij netbeans pycharm jupyter colab anaconda conda pip virtualenv
gcc gdb make cmake clang llvm qt qml gtk opengl vulkan directx cuda openmp mpi
spss sas stata minitab eviews gis arcgis qgis
zoom webex skype
js ts net org b.tech m.tech b.sc m.sc b.e m.e
"""

_FIELD = """
hyperlink mergeformat mergefield page numpages sectionpages toc ref pageref date time
symbol includepicture includetext macrobutton formtext formcheckbox formdropdown seq
styleref filename author username docproperty createdate savedate printdate title
subject keywords comments lastsavedby numwords numchars if compare quote ask fillin
charformat noteref ta tc xe index listnum autonum autonumlgl autonumout gotobutton
barcode displaybarcode advance eq embed link shape usraddress userinitials
arabic roman alphabetic cardtext ordtext upper lower firstcap caps hex dollartext
"""

_COMMON_EN = """
a an the and or but nor for so yet of in on at by to from with without within into onto
upon over under above below between among through during before after since until
about against across along around behind beyond near off out up down via per than as
is are was were be been being am do does did done doing have has had having will would
shall should can could may might must not no yes all any both each every few more most
other some such only own same too very just also well even still again further then
once here there when where why how what which who whom whose this that these those it
its they them their theirs we us our ours you your yours he him his she her hers i my
mine me one two three four five six seven eight nine ten first second third new old
high low large small big long short full part based using used use including include
includes included across overall daily weekly monthly annual annually various multiple
several key main major minor senior junior lead leading head chief assistant associate
intern trainee manager managers management developer developers development engineer
engineers engineering analyst analysts analysis architect architecture consultant
consulting specialist administrator admin officer coordinator director executive
supervisor technician tester programmer scientist researcher lecturer professor teacher
tutor student students graduate undergraduate postgraduate fellow fellowship assistantship
member members volunteer owner founder co-founder freelancer freelance contractor
developed designed implemented created built managed led maintained supported improved
increased reduced decreased optimized optimised automated integrated deployed migrated
tested analyzed analysed documented collaborated coordinated conducted delivered
established executed performed prepared presented provided reviewed trained mentored
wrote worked participated contributed assisted handled monitored configured installed
troubleshot resolved identified ensured enhanced streamlined achieved gained learned
taught organized organised planned researched published authored supervised generated
processed ran launched initiated oversaw drove partnered engaged facilitated negotiated
develop design implement create build manage lead maintain support improve increase
reduce optimize automate integrate deploy migrate test analyze analyse document
collaborate coordinate conduct deliver execute perform prepare present provide review
train mentor write work participate contribute assist handle monitor configure install
troubleshoot resolve identify ensure enhance streamline achieve learn teach organize
plan research publish supervise generate process run launch
developing designing implementing creating building managing leading maintaining
supporting improving working using writing testing analyzing providing ensuring
responsible involved experienced skilled proficient familiar knowledge understanding
ability strong excellent good great solid hands-on extensive proven detail-oriented
motivated passionate dedicated team teams customer customers user users business
application applications app apps software system systems service services solution
solutions product products feature features module modules component components
code coding data database databases server servers network networks security quality
performance process processes requirement requirements report reports reporting
dashboard dashboards tool tools framework frameworks library libraries model models
pipeline pipelines test tests script scripts interface interfaces web website websites
mobile page pages site sites content design designs layer integration integrations
infrastructure environment environments deployment deployments release releases
production staging client clients stakeholder stakeholders end-to-end real-time
scalable robust efficient secure reliable automated automation manual functional
technical operational strategic financial marketing sales support operations
project projects program programs programme course courses class classes lab
laboratory thesis dissertation paper papers journal conference article articles book
chapter study studies result results time cost costs revenue growth efficiency
accuracy coverage latency traffic load volume hours days weeks months years year
percent per cent level levels stage stages phase phases issue issues bug bugs defect
defects ticket tickets incident incidents change changes request requests workflow
workflows task tasks activity activities meeting meetings documentation specification
specifications standard standards best practices practice policy policies
knowledge-based api-based cloud-based web-based open source internal external
various related relevant similar different specific general technical non-technical
across throughout while whereas although though because if unless whether either
neither per etc e.g. i.e. vs st nd rd th s t d ll re ve m
"""

_COMMON_XX = """
und oder der die das den dem des ein eine einer eines einem einen im in am an auf aus
bei mit nach von vor zu zum zur für über unter durch gegen ohne um als wie bis seit
ist sind war waren wird werden wurde wurden hat haben hatte ich wir sie er es ihr mein
meine nicht auch sowie sowohl mehr sehr gute guten gutes erste ersten zweite neue neuen
entwicklung entwicklung von durchführung erstellung betreuung unterstützung analyse
le la les un une des du de d l et ou en au aux dans par pour sur avec sans sous chez
entre vers est sont été être avoir ai a ont je nous vous ils elle il ce cette ces mon
ma mes son sa ses leur leurs plus très bien bon bonne premier première nouveau
nouvelle développement conception mise gestion suivi analyse réalisation
el la los las un una unos unas y o en de del al por para con sin sobre entre desde
hasta es son fue ser estar yo nosotros mi mis su sus más muy bien buen buena nuevo
nueva desarrollo diseño gestión análisis implementación
il lo gli le uno una e o di da in con su per tra fra del della dei delle nel nella
è sono
o a os as um uma e ou de do da dos das em no na nos nas por para com sem sobre
entre é são foi ser desenvolvimento
"""


def _words(s):
    out = set()
    for w in s.split():
        out.add(w.lower())
    return out


SAFE = _words(_HEADINGS) | _words(_MONTHS) | _words(_PRESENT) | _words(_TECH)
FIELD_WORDS = _words(_FIELD)
COMMON = _words(_COMMON_EN) | _words(_COMMON_XX)

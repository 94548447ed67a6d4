"""Constructions found on fresh pages (batch g5, dev split), each checked on the real quote beside its URL."""

from __future__ import annotations

import pytest

from graph.evaluation.fixtures import extract_text
from graph.records import RoleFact

MP = "member-of-parliament"


def facts(text: str) -> list[RoleFact]:
    return [f for f in extract_text(text).facts if isinstance(f, RoleFact)]


def roles(text: str) -> set[tuple[str, str]]:
    return {(f.name, f.role) for f in facts(text)}


@pytest.mark.parametrize(("quote", "expected"), [
    # https://www.communitycare.co.uk/2004/09/10/social-services-boss-to-head-new-trust/
    ("Former director of social services at South Tyneside Council Trevor Doughty is to be the children’s services "
     "director at Northumberland", ("Trevor Doughty", "director-of-childrens-services")),
    # https://eng-news.ru/West-Sussex-council-boss-leaves-after-leaked-report/
    ("The council has only said Mr Elvery \"left by mutual consent\". Lee Harris will continue as acting chief "
     "executive.", ("Lee Harris", "chief-executive")),
    # https://meetings.cotswold.gov.uk/mgAi.aspx?ID=5495
    ("The leader also congratulated Councillor Lisa Spivey on her election as Leader of Gloucestershire County "
     "Council and acknowledged the success of members elected to County Council.", ("Lisa Spivey", "council-leader")),
    # https://www.birminghampost.co.uk/news/local-news/expert-dragged-help-birminghams-children-6885251
    ("Lord Norman Warner is to become the first commissioner for children's social care at the local authority, the "
     "children and families minister Edward Timpson confirmed in a letter to the local authority.",
     ("Norman Warner", "commissioner")),
])
def test_a_post_a_name_is_to_take_or_keeps(quote, expected):
    assert expected in roles(quote)


# https://feeds.bbci.co.uk/news/uk-england-norfolk-22902495
def test_a_constituency_of_several_words_before_mp_is_no_name():
    quote = ("A statement from South West Norfolk MP Elizabeth Truss, on behalf of all nine Norfolk MPs, said the "
             "situation was \"so serious\" action was need \"immediately\".")
    found = roles(quote)
    assert ("Elizabeth Truss", MP) in found
    assert not any(name.startswith("South") for name, _ in found)


# https://roger-gough.blogspot.com/2017/05/new-cabinet-role-some-change-and-some.html
def test_a_list_of_posts_run_into_one_line_gives_each_post_the_name_after_its_dash():
    quote = ("Leader of the Council - Paul Carter Deputy Leader and Cabinet Member for Strategic Commissioning & "
             "Public Health - Peter Oakford Cabinet Member for Finance - John Simmonds")
    found = roles(quote)
    assert {("Paul Carter", "council-leader"), ("Peter Oakford", "deputy-council-leader"),
            ("John Simmonds", "other")} <= found
    assert ("John Simmonds", "deputy-council-leader") not in found
    assert not any(f.organisation and "Oakford" in f.organisation for f in facts(quote))


@pytest.mark.parametrize(("quote", "name"), [
    # https://www.independent.co.uk/news/uk/politics/new-childrens-commissioner-rejects-mp-doubts-1805484.html
    ("Schools Secretary Ed Balls announced that he was pressing ahead with the move despite an unprecedented snub of "
     "his nomination by an influential committee.", "Ed Balls"),
    # http://stopinjusticenownews.blogspot.com/2009/03/mayor-to-stand-down-after-inquiry-finds.html
    ("The same powers were used in December by children's secretary Ed Balls to remove Sharon Shoesmith as director "
     "of Haringey children's services in north London after the Baby P scandal.", "Ed Balls"),
])
def test_a_secretary_of_schools_or_children_is_a_minister(quote, name):
    assert (name, "minister") in roles(quote)


# https://www.parallelparliament.co.uk/mp/emma-lewell-buck/debate/Commons/2015-06-15/debates/15061516000004/OralAnswersToQuestions
def test_hansards_seat_and_party_in_brackets_make_a_member_of_parliament():
    found = facts("Emma Lewell-Buck Portrait Mrs Emma Lewell-Buck (South Shields) (Lab)")
    assert [(f.name, f.role, f.constituency) for f in found] == [("Emma Lewell-Buck", MP, "South Shields")]


# https://seerlike3.rssing.com/chan-3417033/article2211.html
def test_a_councillors_party_and_ward_in_one_bracket_make_no_mp():
    quote = ("Councillor Brendan Glynane (Lib Dem, Delapre) has made the unusual move of tabling an official motion to "
             "the council calling for cabinet member, Councillor Andrew Grant (Con, Brackley East), to resign.")
    assert not any(role == MP for _, role in roles(quote))


# http://stopinjusticenownews.blogspot.com/2009/03/mayor-to-stand-down-after-inquiry-finds.html
def test_a_portfolio_after_the_councils_name_is_the_titles():
    quote = ("The same powers were used in December by children's secretary Ed Balls to remove Sharon Shoesmith as "
             "director of Haringey children's services in north London after the Baby P scandal.")
    shoesmith = [f for f in facts(quote) if f.name == "Sharon Shoesmith"]
    assert [(f.role, f.authority) for f in shoesmith] == [("director-of-childrens-services", "E09000014")]


# https://modgov.sefton.gov.uk/ieDecisionDetails.aspx?ID=7817
def test_an_initial_with_its_dot_stays_in_the_name():
    quote = ("Leader of the Council Cllr. P. Dowd Cabinet Member - Children, Schools, Families and Leisure Cllr. Moncur "
             "Cabinet Member – Communities and Environment Cllr Hardy")
    assert ("P. Dowd", "council-leader") in roles(quote)


# https://conservativehome.com/2009/10/20/michael-gove-challenges-ed-balls-over-his-appointment-of-new-childrens-commissioner-for-england/
def test_the_childrens_commissioner_for_england_is_no_council_commissioner():
    quote = ("Yesterday Shadow Children, Schools and Families Secretary Michael Gove was granted an urgent question to "
             "challenge Ed Balls about his appointment of Maggie Atkinson as the new Children's Commissioner for England.")
    atkinson = [(f.role, f.organisation) for f in facts(quote) if f.name == "Maggie Atkinson"]
    assert atkinson == [("other", "Children's Commissioner for England")]


@pytest.mark.parametrize(("quote", "expected"), [
    # https://feeds.bbci.co.uk/news/uk-england-norfolk-22902495
    ("The head of the department, Lisa Christensen, has yet to comment.",
     ("Lisa Christensen", "director-of-childrens-services")),
    # http://qualitypuck.com/news/articles/c4ge5j82veqo
    ("In a letter to head of department Zoe Fearon published online, Ofsted said: \"There is a refreshed recruitment "
     "strategy and more social workers have become permanent.", ("Zoe Fearon", "director-of-childrens-services")),
])
def test_the_head_of_the_department_is_its_director(quote, expected):
    assert expected in roles(quote)


# https://councildecisions.bury.gov.uk/mgAi.aspx?ID=21794
def test_minutes_name_an_officer_then_the_post_then_the_verb_with_no_comma():
    quote = ("Jeanette Richards Executive Director for Children and Young People acknowledged the progress made but "
             "emphasised that more work is needed to ensure consistency between team managers and practitioners.")
    assert [(f.name, f.role, f.title) for f in facts(quote)] == [
        ("Jeanette Richards", "director-of-childrens-services", "Executive Director for Children and Young People")]


@pytest.mark.parametrize(("quote", "name"), [
    # https://johnbrace.com/2012/05/21/council-annual-meeting-part-2-21512/
    ("Children’s Services and Lifelong Learning Cllr Tony Smith (Labour) Corporate Resources Cllr Adrian Jones "
     "(Labour)", "Tony Smith"),
    # https://moderngov.southwark.gov.uk/mgAi.aspx?ID=64066
    ("Leader Cllr Kieron Williams Deputy Leader, Children Young People and Education Cllr Jasmine Ali Health and "
     "Wellbeing Cllr Evelyn Akoto", "Jasmine Ali"),
])
def test_a_cabinet_list_gives_a_childrens_portfolio_then_its_councillor(quote, name):
    leads = [f.name for f in facts(quote) if f.role == "lead-member-for-children"]
    assert leads == [name]



# https://www.daventryexpress.co.uk/news/politics/west-northamptonshire-council-announces-new-interim-director-of-childrens-services-3498666
def test_this_appointment_of_a_name_gives_the_post_the_sentence_before_announced():
    quote = ("A new interim director of children's services has been appointed by West Northamptonshire Council. This "
             "appointment of Chris Kiernan follows the recent announcement that the current DCS, Cathi Hadley, will be "
             "leaving in the new year to pursue a new role closer to her home.")
    kiernan = [(f.role, f.authority) for f in facts(quote) if f.name == "Chris Kiernan"]
    assert kiernan == [("director-of-childrens-services", "E06000062")]


# https://www.communitycare.co.uk/2005/05/05/social-services-professionals-start-to-pick-up-new-childrens-director-jobs/
def test_a_name_that_landed_the_role_last_week_holds_it_at_the_council_named():
    quote = ("These include Telford & Wrekin Council social services director John Coughlan, who last week landed the "
             "role director of children’s services at Hampshire Council.")
    assert ("director-of-childrens-services", "E10000014") in {(f.role, f.authority) for f in facts(quote)}


# http://www.communitycare.co.uk/2017/09/13/commissioner-evaluate-whether-childrens-services-removed-councils-control/
def test_a_surname_alone_is_the_full_name_given_earlier_with_no_title():
    quote = ("Frankie Sulke will report to the government by the end of November with recommendations for how "
             "children’s services in Barnet can be improved. Sulke will remain commissioner for children’s services "
             "until the government removes its direction.")
    assert [(f.name, f.role, f.title) for f in facts(quote)] == [
        ("Frankie Sulke", "commissioner", "commissioner for children’s services")]


# https://sthelensstar.co.uk/news/schools_and_colleges_in_st_helens/school_college_news/23770204.transforming-st-helens-childrens-services-top-priority
def test_a_bare_executive_director_beside_a_named_dcs_is_not_the_dcs():
    quote = ("I thank everyone involved including all elected members and particularly our amazing frontline social "
             "workers and staff led by chief executive Kath O'Dwyer, executive director Mark Palethorpe, and director "
             "of children's services Hilary Brooks")
    assert roles(quote) == {("Kath O'Dwyer", "chief-executive"), ("Mark Palethorpe", "other"),
                            ("Hilary Brooks", "director-of-childrens-services")}


# https://www.edp24.co.uk/news/local-council/watchdogs-to-inspect-whether-services-for-norfolk-s-most-vulnerable-689560
def test_an_interim_director_appointed_after_the_named_dcs_left_stays_the_dcs():
    quote = ("The criticism led to the resignation of children's services director Lisa Christensen, following "
             "pressure from MPs, and the appointment of interim director Sheila Lock.")
    assert ("Sheila Lock", "director-of-childrens-services") in roles(quote)


# https://lbhf.gov.uk/news/2018/10/ofsted-s-plaudits-hf-children-s-service-staff
def test_a_councils_ampersand_initials_before_the_title_are_its_owner():
    quote = ("Cllr Larry Culhane, H&F Cabinet Member for Children and Education, welcomed Ofsted’s findings, and "
             "pledged that council departments would continue to improve.")
    assert ("Larry Culhane", "lead-member-for-children") in roles(quote)


# https://www.sloughobserver.co.uk/news/20896002.slough-commissioners-given-powers-recruit-senior-staff/
def test_a_party_and_a_constituency_in_one_bracket_make_a_member_of_parliament():
    quote = ("Notification of the change was issued by the Government yesterday (Thursday, September 1) by Paul Scully "
             "(Conservative, Sutton and Cheam), the Local Government Minister.")
    assert {("Paul Scully", "member-of-parliament"), ("Paul Scully", "minister")} <= roles(quote)


# https://feeds.bbci.co.uk/news/uk-england-somerset-32085372
def test_a_relative_clause_between_the_name_and_an_ordinal_post():
    quote = ("The high turnover of the department's directors was also criticised. Julian Wooster, who was appointed "
             "in January, is the fifth director in five years.")
    assert ("Julian Wooster", "director-of-childrens-services") in roles(quote)


# https://themj.co.uk/doncaster-mired-leadership-dispute
def test_a_partys_possessive_between_the_title_and_the_name():
    quote = ("The latest crisis at Doncaster centres on the fractured relationship between the council's elected mayor, "
             "the English Democrats' Peter Davies, and its acting chief executive, Tim Leader.")
    assert ("Peter Davies", "mayor") in roles(quote)

"""The app starts and serves its public pages."""


def test_home_page_presents_programme(client):
    """The home page is public and presents the programme."""
    response = client.get("/")
    assert response.status_code == 200
    assert "Human Rights Defender Advocacy Programme" in response.get_data(as_text=True)

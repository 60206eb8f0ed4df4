import suds
url = "http://[PATH TO WEBSERVICE]/users.asmx?wsdl"
client = suds.client.Client(url)
result = client.service.CreateSessionKey("[UserName]", "[Password]", "[Key]")
if result.Success:
  print("ClientId: %s" % result.ClientId)
  print("Session Key: %s" % result.SessionKey)
else:
  print("Could not get session key")

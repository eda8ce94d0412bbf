# Beschriftungen der Portliste (data/ports.yaml).

deployment-cloud = Cloud
deployment-onsite = Onsite

device-server = pascom Server
device-desktop = Desktop Client
device-mobile = Mobile Client
device-phone = IP-Telefon
device-web-client = WebClient

endpoint-your-network = Ihr Netzwerk
endpoint-internet = Internet (Geräte außerhalb Ihres Netzwerks)
# Ein Name, keine Übersetzung.
endpoint-pascom-cloud = pascom.cloud
endpoint-my-pascom = my.pascom.net
endpoint-mail-relays = pascom Mailserver
endpoint-ntp-pool = Zeitserver (NTP-Pool)
note-pascom-cloud = Die pascom.cloud kann unterschiedliche IP-Adressen als Ziel haben.

function-sip = SIP-Verbindung
function-rtp = RTP-Sprache
function-ldaps = LDAPS, Telefonbuch
function-provisioning = Telefonprovisionierung
function-updates-push = Updates, Push
function-video = Video-Funktionalität
function-chat = Chat
function-webrtc = WebRTC – WebClient
function-vpn-tunnel = VPN-Tunnel zur PBX
function-licence = Lizenzserver
function-mail = Zugriff auf den pascom Mailserver
function-ntp = Zugriff auf den Zeitserver (NTP)

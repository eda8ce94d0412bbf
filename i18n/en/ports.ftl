# Labels of the port list (data/ports.yaml).

deployment-cloud = Cloud
deployment-onsite = Onsite

device-server = pascom server
device-desktop = Desktop client
device-mobile = Mobile client
device-phone = IP phone
device-web-client = Web client

endpoint-your-network = Your network
endpoint-internet = Internet (devices outside your network)
# A name, not a translation.
endpoint-pascom-cloud = pascom.cloud
endpoint-my-pascom = my.pascom.net
endpoint-mail-relays = pascom mail servers
endpoint-ntp-pool = Time servers (NTP pool)
note-pascom-cloud = The pascom.cloud may resolve to different IP addresses.

function-sip = SIP connection
function-rtp = RTP voice
function-ldaps = LDAPS, phone book
function-provisioning = Phone provisioning
function-updates-push = Updates, push notifications
function-video = Video
function-chat = Chat
function-webrtc = WebRTC – web client
function-vpn-tunnel = VPN tunnel to the PBX
function-licence = Licence server
function-mail = Access to the pascom mail server
function-ntp = Access to the time server (NTP)

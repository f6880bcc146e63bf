# The Alibaba provider's own alicloud_instance example
# (website/docs/r/instance.html.markdown, without its KMS key, which ecsd
# does not serve), with the data sources and security group rule of
# examples/ecs-new-vpc/main.tf, a key pair, a disk and tags, pointed at
# ecsd. docs/aliyun.md tells how to run it; TestReplayProviderInstanceExample
# replays what the provider sends for it.

terraform {
  required_providers {
    alicloud = { source = "aliyun/alicloud" }
  }
}

variable "ecsd" {
  description = "ecsd's address, host:port, without a scheme."
  default     = "127.0.0.1:8080"
}

variable "public_key_file" {
  default = "~/.ssh/id_ed25519.pub"
}

variable "name" {
  default = "terraform-example"
}

variable "instance_type" {
  default = "ecs.n4.large"
}

variable "instance_name" {
  default = "terraform-example"
}

variable "tags" {
  type    = map(string)
  default = { created_by = "terraform", env = "test" }
}

provider "alicloud" {
  region                 = "cn-hangzhou"
  account_type           = "Domestic"
  skip_region_validation = true
  # The provider updates and deletes security group rules over HTTPS
  # whatever this says, so ecsd serves HTTPS.
  protocol = "HTTPS"
  endpoints {
    ecs = var.ecsd
    vpc = var.ecsd
  }
}

data "alicloud_images" "default" {
  most_recent = true
  owners      = "system"
  name_regex  = "^ubuntu_18.*64"
}

data "alicloud_instance_types" "default" {
  instance_type_family = "ecs.n4"
  cpu_core_count       = 1
  memory_size          = 2
}

data "alicloud_zones" "default" {
  available_disk_category     = "cloud_efficiency"
  available_resource_creation = "VSwitch"
  available_instance_type     = var.instance_type
}

resource "alicloud_vpc" "vpc" {
  vpc_name   = var.name
  cidr_block = "172.16.0.0/16"
}

resource "alicloud_vswitch" "vswitch" {
  vpc_id       = alicloud_vpc.vpc.id
  cidr_block   = "172.16.0.0/24"
  zone_id      = data.alicloud_zones.default.zones.0.id
  vswitch_name = var.name
}

resource "alicloud_security_group" "group" {
  security_group_name = var.name
  description         = "foo"
  vpc_id              = alicloud_vpc.vpc.id
}

resource "alicloud_security_group_rule" "ssh" {
  type              = "ingress"
  ip_protocol       = "tcp"
  nic_type          = "intranet"
  policy            = "accept"
  port_range        = "22/22"
  priority          = 1
  security_group_id = alicloud_security_group.group.id
  cidr_ip           = "0.0.0.0/0"
}

resource "alicloud_ecs_key_pair" "deployer" {
  key_pair_name = "terraform-example-key"
  public_key    = file(var.public_key_file)
  tags          = var.tags
}

resource "alicloud_ecs_disk" "extra" {
  zone_id     = data.alicloud_zones.default.zones.0.id
  disk_name   = "terraform-example-disk"
  description = "Hello ecs disk."
  category    = "cloud_efficiency"
  size        = "30"
  tags        = var.tags
}

resource "alicloud_instance" "instance" {
  availability_zone = data.alicloud_zones.default.zones.0.id
  security_groups   = alicloud_security_group.group.*.id

  instance_type              = var.instance_type
  system_disk_category       = "cloud_efficiency"
  system_disk_name           = var.name
  system_disk_description    = "test_foo_system_disk_description"
  image_id                   = data.alicloud_images.default.images.0.id
  instance_name              = var.instance_name
  vswitch_id                 = alicloud_vswitch.vswitch.id
  internet_max_bandwidth_out = 10
  key_name                   = alicloud_ecs_key_pair.deployer.key_pair_name
  tags                       = var.tags
  data_disks {
    name        = "disk2"
    size        = 20
    category    = "cloud_efficiency"
    description = "disk2"
  }
}

output "instance_type" { value = data.alicloud_instance_types.default.instance_types.0.id }
output "public_ip" { value = alicloud_instance.instance.public_ip }
output "private_ip" { value = alicloud_instance.instance.private_ip }
